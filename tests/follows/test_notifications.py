"""Follow -> event -> notification -> mail, with permissions, rhythms and one-click unsubscribe."""
from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.follows import services
from portal.follows.models import Event, Notification
from portal.follows.services.tokens import unsubscribe_token
from portal.mail import OutgoingMail, send_pending

from .conftest import MONDAY, change_status


def _notes(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def _mails(to):
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == to)
                              .order_by(OutgoingMail.id)).all()


def test_a_follower_hears_only_of_what_they_may_see(world, make):
    make.follow(world.outsider, f"plan:{world.plan.id}")
    make.follow(world.insider, f"plan:{world.plan.id}")
    make.follows_job(MONDAY)  # the creations are older than the follows' first run: they become events too
    before = {u.id: len(_notes(u)) for u in (world.outsider, world.insider)}
    change_status(world.public, "at_risk")
    change_status(world.internal, "delayed")
    make.follows_job(MONDAY)

    outsider = [n.event for n in _notes(world.outsider)][before[world.outsider.id]:]
    insider = [n.event for n in _notes(world.insider)][before[world.insider.id]:]
    assert [(e.kind, e.object_id) for e in outsider] == [("status_changed", world.public.id)]
    assert sorted((e.kind, e.object_id) for e in insider) == sorted(
        [("status_changed", world.public.id), ("status_changed", world.internal.id)])


def test_weekly_digest_in_the_readers_language_with_unsubscribe_headers(world, make):
    world.outsider.preferred_lang = "fr"
    db.session.commit()
    make.follow(world.outsider, f"commitment:{world.public.id}")
    make.follow(world.outsider, f"organisation:{world.lead_org.id}")
    change_status(world.public, "at_risk")
    change_status(world.internal, "delayed")
    make.follows_job(MONDAY - timedelta(days=1))
    assert services.send_digests(MONDAY - timedelta(days=1)) == 0  # a Sunday: weekly digests wait
    assert services.send_digests(MONDAY) == 1
    db.session.commit()
    [mail] = _mails("outsider@example.test")
    assert mail.lang == "fr" and "Concerto" in mail.subject
    assert "Lits d'hébergement" in mail.body_text and "Statut modifié" in mail.body_text
    assert "Liaison secrète" not in mail.body_text and "Secret liaison" not in mail.body_text
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/fr/suivis/desabonnement/" in mail.headers["List-Unsubscribe"]
    send_pending()
    db.session.commit()
    files = sorted((Path(current_app.config["CONCERTO_DATA_DIR"]) / "mail").glob("*.eml"))
    msg = message_from_bytes(files[-1].read_bytes())
    assert msg["List-Unsubscribe"].startswith("<http") and msg["List-Unsubscribe-Post"]


def test_a_reader_whose_language_is_unknown_gets_the_digest_in_both_each_half_in_its_own(world, make):
    world.outsider.preferred_lang = None
    db.session.commit()
    make.follow(world.outsider, f"commitment:{world.public.id}")
    change_status(world.public, "at_risk")
    make.follows_job(MONDAY)
    assert services.send_digests(MONDAY) == 1
    db.session.commit()
    [mail] = _mails("outsider@example.test")
    french, english = mail.body_text.split("[English]")
    assert "[Français]" in french and "Statut modifié" in french and "/fr/" in french and "/en/" not in french
    assert "Status changed" in english and "/en/" in english and "/fr/" not in english
    assert "/fr/suivis/desabonnement/" in mail.headers["List-Unsubscribe"]


def test_never_more_than_one_digest_a_day(world, make):
    services.set_rhythm(world.outsider, "daily")
    make.follow(world.outsider, f"plan:{world.plan.id}")
    change_status(world.public, "at_risk")
    make.follows_job(MONDAY)
    assert services.send_digests(MONDAY) == 1
    change_status(world.public, "delayed")
    make.follows_job(MONDAY + timedelta(hours=2))
    assert services.send_digests(MONDAY + timedelta(hours=2)) == 0   # same day: it waits
    assert services.send_digests(MONDAY + timedelta(days=1)) == 1    # next morning
    db.session.commit()
    assert len(_mails("outsider@example.test")) == 2


def test_immediately_means_one_message_per_run(world, make):
    services.set_rhythm(world.outsider, "immediately")
    make.follow(world.outsider, "province:QC")
    change_status(world.public, "at_risk")
    change_status(world.public, "delayed")
    make.follows_job(MONDAY)
    make.follows_job(MONDAY)  # a rerun sends nothing again
    [mail] = _mails("outsider@example.test")
    assert mail.body_text.count("Statut modifié — 1.1 Lits d'hébergement") == 2  # French: the default language


def test_unsubscribe_works_without_signing_in(world, client, make):
    make.follow(world.outsider, f"plan:{world.plan.id}")
    token = unsubscribe_token(world.outsider.id)
    page = client.get(f"/en/follows/unsubscribe/{token}")
    assert page.status_code == 200 and b"Stop emails" in page.data
    assert client.get(f"/en/follows/unsubscribe/{token}x").status_code == 404
    done = client.post(f"/en/follows/unsubscribe/{token}")   # what a mail program's one click sends
    assert done.status_code == 200
    assert services.following.rhythm_of(world.outsider.id) == "never"
    change_status(world.public, "at_risk")
    make.follows_job(MONDAY)
    assert services.send_digests(MONDAY) == 0
    assert _notes(world.outsider)  # still told in the portal


def test_events_are_derived_once(world, make):
    change_status(world.public, "at_risk")
    make.follows_job(MONDAY)
    count = db.session.scalar(select(db.func.count(Event.id)))
    make.follows_job(MONDAY)
    assert db.session.scalar(select(db.func.count(Event.id))) == count


def test_consultation_closing_within_seven_days(app, make):
    c = make.consultation("open")   # closes in 10 days
    user = make.user("ngo_member")
    make.follow(user, f"consultation:{c.id}")
    make.follows_job()
    kinds = {n.event.kind for n in _notes(user)}
    assert "consultation_opened" in kinds and "consultation_closing" not in kinds
    make.follows_job(c.closes_at - timedelta(days=6))
    make.follows_job(c.closes_at + timedelta(hours=1))
    kinds = [n.event.kind for n in _notes(user)]
    assert kinds.count("consultation_closing") == 1 and kinds.count("consultation_closed") == 1


def test_a_committee_consultation_reaches_no_public_follower(app, make):
    c = make.consultation("open", audience="committee")
    outsider, member = make.user("ngo_member"), make.user("committee_member")
    make.follow(member, f"consultation:{c.id}")
    make.follow(outsider, "consultation:all")
    make.follows_job()
    assert not _notes(outsider)
    assert {n.event.kind for n in _notes(member)} == {"consultation_opened"}


def test_a_lesson_linked_reaches_only_those_who_may_see_the_lesson(world, make):
    from portal.lessons import services as lessons

    make.follow(world.outsider, f"commitment:{world.public.id}")
    make.follow(world.insider, f"commitment:{world.public.id}")
    public = make.lesson(actor=world.secretariat, title_en="Open lesson")
    internal = make.lesson(actor=world.secretariat, title_en="Internal lesson", visibility="internal")
    for lesson in (public, internal):
        lessons.link_commitment(lesson, lessons.InformsInput(commitment_id=world.public.id), actor=world.secretariat)
    db.session.commit()
    make.follows_job(MONDAY)
    outsider = [n.event for n in _notes(world.outsider) if n.event.kind == "lesson_linked"]
    insider = [n.event for n in _notes(world.insider) if n.event.kind == "lesson_linked"]
    assert [e.guards[-1] for e in outsider] == [["lesson", public.id]]
    assert sorted(e.guards[-1][1] for e in insider) == sorted([public.id, internal.id])
