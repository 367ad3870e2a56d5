"""The mail job killed in the middle of a batch: what was handed to the server is not sent again; the one message
in flight when it died is sent again once, with the same Message-ID, after MAIL_SENDING_TIMEOUT_SECONDS."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal import mail as mail_module
from portal.db import utcnow
from portal.extensions import db
from portal.mail import OutgoingMail, send_pending


class Killed(BaseException):
    """What kill -9 does to the sender, as far as the database can tell: nothing after this point runs."""


@pytest.fixture
def wire(monkeypatch):
    """The SMTP server's side: every message handed over, in order; `kill_after` stops the sender right
    after the server took that many messages (before the sender could record it)."""
    state = {"messages": [], "kill_after": None}

    def transmit(msg, mail_id):
        state["messages"].append((mail_id, msg["Message-ID"], msg["Subject"]))
        if state["kill_after"] is not None and len(state["messages"]) == state["kill_after"]:
            raise Killed()

    monkeypatch.setattr(mail_module, "_transmit", transmit)
    return state


def _queue(n: int) -> list[int]:
    """n messages in the outbox, as any change that mails someone writes them."""
    rows = [OutgoingMail(to_address=f"person{i}@example.test", subject=f"Rappel {i}", body_text="Texte.\n",
                         lang="fr") for i in range(n)]
    db.session.add_all(rows)
    db.session.commit()
    return [r.id for r in rows]


def _rows(ids):
    db.session.commit()  # end the read snapshot: the sender wrote in its own session
    return [db.session.get(OutgoingMail, i, populate_existing=True) for i in ids]


def _crash(app, now):
    with app.app_context():
        with pytest.raises(Killed):
            send_pending(now=now)
        db.session.rollback()  # a dead process's open transaction is rolled back by the server


def test_killed_between_messages_nothing_handed_over_is_sent_twice(app, wire):
    ids = _queue(5)
    now = utcnow()
    wire["kill_after"] = 3          # the server took 3 messages; the sender died before recording the third
    _crash(app, now)
    rows = _rows(ids)
    assert [r.sent_at is not None for r in rows] == [True, True, False, False, False]
    assert rows[2].sending_at is not None and rows[2].attempts == 1   # in doubt: handed over, not recorded
    assert rows[3].sending_at is None and rows[3].attempts == 0

    # The scheduler restarts at once: the rest go out; the one in doubt waits (its sender may still be alive).
    wire["kill_after"] = None
    with app.app_context():
        assert send_pending(now=now + timedelta(seconds=5)) == (2, 0)
    sent_ids = [m[0] for m in wire["messages"]]
    assert sorted(sent_ids) == sorted(ids) and len(sent_ids) == 5      # each exactly once so far

    # Past the sending timeout it is sent again, once, with the Message-ID it had the first time.
    later = now + timedelta(seconds=app.config["MAIL_SENDING_TIMEOUT_SECONDS"] + 1)
    with app.app_context():
        assert send_pending(now=later) == (1, 0)
        assert send_pending(now=later + timedelta(minutes=5)) == (0, 0)
    copies = [m for m in wire["messages"] if m[0] == ids[2]]
    assert len(copies) == 2 and copies[0][1] == copies[1][1] and copies[0][1].startswith("<")
    assert all(sum(1 for m in wire["messages"] if m[0] == i) == 1 for i in ids if i != ids[2])
    rows = _rows(ids)
    assert all(r.sent_at is not None and r.sending_at is None for r in rows)
    assert "same Message-ID" in rows[2].last_error and rows[2].attempts == 2
    assert len({r.message_id for r in rows}) == 5


def test_killed_before_the_first_hand_over_loses_nothing(app, wire):
    ids = _queue(2)
    now = utcnow()
    wire["kill_after"] = 1
    _crash(app, now)
    wire["kill_after"] = None
    with app.app_context():
        assert send_pending(now=now + timedelta(seconds=1)) == (1, 0)
        assert send_pending(now=now + timedelta(seconds=app.config["MAIL_SENDING_TIMEOUT_SECONDS"] + 5)) == (1, 0)
    assert [m[0] for m in wire["messages"]] == [ids[0], ids[1], ids[0]]
    assert all(r.sent_at is not None for r in _rows(ids))


def test_a_message_another_sender_is_sending_is_left_to_it(app, wire):
    (mail_id,) = _queue(1)
    row = db.session.get(OutgoingMail, mail_id)
    row.sending_at = utcnow()       # `concerto jobs run-once mail.send` beside the scheduler, mid-send
    db.session.commit()
    with app.app_context():
        assert send_pending() == (0, 0)
    assert wire["messages"] == []
