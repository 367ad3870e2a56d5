"""Wrong passwords slow down the client that sends them, for that address only: growing delays per account
AND client, so someone guessing from elsewhere never keeps the owner out."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.audit import AuditEntry
from portal.auth.models import SignInThrottle
from portal.auth.services import throttle
from portal.db import utcnow
from portal.extensions import db

from ..twofactor import sign_in

PASSWORD = "correct horse battery staple"
ATTACKER, OWNER = "198.51.100.7", "203.0.113.9"


def _client(app, address):
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = address
    return c


def _text(r) -> str:
    return r.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def _let_time_pass():
    db.session.execute(update(SignInThrottle).values(blocked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_twenty_wrong_passwords_from_one_client_do_not_keep_the_owner_out(app, make):
    owner = make.user("secretariat", password=PASSWORD)  # with two-step sign-in, as the role requires
    attacker = _client(app, ATTACKER)
    answers = [attacker.post("/en/login", data={"email": owner.email, "password": f"guess number {i}"})
               for i in range(20)]
    assert {r.status_code for r in answers} == {422}
    assert "Try again in" in _text(answers[-1])
    # The attacker's client is held back even with the right password...
    assert "Try again in" in _text(attacker.post("/en/login", data={"email": owner.email, "password": PASSWORD}))
    # ...while the owner, from their own client, signs in at once (password, then code).
    r = sign_in(_client(app, OWNER), owner.email, PASSWORD, "en")
    assert r.status_code == 303 and "/login" not in r.location


def test_the_delay_doubles_with_each_further_failure_and_is_capped(app, client, make):
    user = make.user("ngo_member", password=PASSWORD)
    delays, answers = [], []
    for _ in range(3):
        for _ in range(app.config["LOGIN_THROTTLE_AFTER"] if not delays else 1):
            client.post("/en/login", data={"email": user.email, "password": "not the password"})
        row = db.session.scalar(select(SignInThrottle))
        delays.append((row.blocked_until - row.updated_at).total_seconds())
        answers.append(_text(client.post("/en/login", data={"email": user.email, "password": "not the password"})))
        _let_time_pass()
    assert delays == [30, 60, 120]
    assert re.search(r"Try again in [0-9]+ seconds\.", answers[0])
    assert re.search(r"Try again in ([0-9]+ seconds|1 minute)\.", answers[1])
    assert re.search(r"Try again in 2 minutes\.", answers[2])
    assert throttle.delay_after(200) == timedelta(seconds=app.config["LOGIN_THROTTLE_MAX_SECONDS"])
    # Once the wait is over the right password works, and the count starts again from zero.
    r = sign_in(client, user.email, PASSWORD, "en")
    assert r.status_code == 303
    assert db.session.scalar(select(SignInThrottle.failures)) is None


def test_the_wait_is_said_in_french(app, client, make):
    user = make.user("ngo_member", password=PASSWORD)
    for _ in range(app.config["LOGIN_THROTTLE_AFTER"] + 1):
        r = client.post("/fr/connexion", data={"email": user.email, "password": "pas le bon mot"})
    assert r.status_code == 422 and re.search("Réessayez dans [0-9]+ secondes", _text(r))


def test_an_unknown_address_is_delayed_the_same_way(app, client):
    for _ in range(app.config["LOGIN_THROTTLE_AFTER"] + 1):
        r = client.post("/en/login", data={"email": "nobody@example.test", "password": "not the password"})
    assert re.search(r"Try again in [0-9]+ seconds\.", _text(r))


@pytest.mark.parametrize("address", [ATTACKER, "2001:db8::7"])
def test_counters_hold_no_client_address_and_the_start_of_delays_is_audited(app, make, address):
    user = make.user("ngo_member", password=PASSWORD)
    c = _client(app, address)
    for _ in range(app.config["LOGIN_THROTTLE_AFTER"]):
        c.post("/en/login", data={"email": user.email, "password": "not the password"})
    rows = db.session.execute(select(SignInThrottle.key_hash)).all()
    assert len(rows) == 1 and address not in rows[0].key_hash and user.email not in rows[0].key_hash
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.sign_in_throttled"))
    assert entry is not None and address not in (entry.summary or "")


def test_counters_are_forgotten_after_a_day(app, client, make):
    user = make.user("ngo_member", password=PASSWORD)
    client.post("/en/login", data={"email": user.email, "password": "not the password"})
    db.session.execute(update(SignInThrottle).values(updated_at=utcnow() - timedelta(days=2)))
    db.session.commit()
    client.post("/en/login", data={"email": "someone@example.test", "password": "not the password"})
    assert db.session.scalar(select(SignInThrottle).where(
        SignInThrottle.key_hash == throttle.throttle_key(user.email, "127.0.0.1"))) is None
