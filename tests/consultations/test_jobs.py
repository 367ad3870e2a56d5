"""Notices are sent once (claims); retention does what the privacy notice says."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.files import StoredFile
from portal.consultations.jobs import apply_retention, send_notices
from portal.consultations.models import Submission
from portal.db import utcnow
from portal.extensions import db
from portal.mail import OutgoingMail



def _mail_count():
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def test_opening_and_closing_notices_are_sent_once(make):
    make.user("ngo_member")
    c = make.consultation()
    assert send_notices() >= 1
    db.session.commit()
    first = _mail_count()
    assert first >= 1
    assert send_notices() == 0                      # claimed: a rerun sends nothing
    c.closes_at = utcnow() + timedelta(days=2)
    db.session.commit()
    assert send_notices() >= 1 and send_notices() == 0
    db.session.commit()
    subjects = [m.subject for m in db.session.scalars(select(OutgoingMail))]
    assert any("Consultation ouverte" in s for s in subjects) and any("Clôture prochaine" in s for s in subjects)


def test_retention_anonymises_and_deletes_as_promised(make, login_as):
    c = make.consultation()
    user = make.user("ngo_member")
    kept, _ = make.submission(c, "publish_anonymous", text="publié", publish=True, user=user)
    gone, _ = make.submission(c, "secretariat_only", text="confidentiel", uploads=[make.pdf("a.pdf")])
    file_id = gone.attachments[0].file_id
    assert apply_retention() == 0                    # still open
    c.closes_at = utcnow() - timedelta(days=c.retention_days + 1)
    c.opens_at = c.closes_at - timedelta(days=30)
    db.session.commit()
    assert apply_retention() == 2
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(StoredFile, file_id) is None and not gone.attachments
    assert gone.answers[0].text == "" and gone.receipt_hash is None and gone.anonymised_at is not None
    assert kept.answers[0].text == "publié" and kept.user_id is None and kept.receipt_hash is None
    assert apply_retention() == 0                    # done once
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_retention_of_input_to_a_roundtable_outside_any_consultation(make):
    rt = make.roundtable(None, submissions_open=True)
    sub, _ = make.submission(rt, "do_not_publish", text="texte de table ronde")
    rt.submissions_open = False
    rt.held_on = (utcnow() - timedelta(days=731)).date()
    db.session.commit()
    assert apply_retention() == 1
    db.session.commit()
    db.session.expire_all()
    assert sub.body == "" and sub.anonymised_at is not None and sub.receipt_hash is None
    assert apply_retention() == 0


def test_a_survivors_input_sent_by_an_ngo_member_is_not_shared_with_the_whole_ngo(make, client, login_as):
    c = make.consultation()
    ngo = make.org("NGO-S", "ngo")
    writer = make.user("ngo_member", org=ngo)
    sub, _ = make.submission(c, "secretariat_only", user=writer, on_behalf=True, attested=True)
    assert sub.on_behalf and sub.organisation_id == ngo.id
    login_as(make.user("ngo_member", org=ngo))
    assert client.get(f"/en/consultations/submissions/{sub.id}").status_code == 404
    own, _ = make.submission(c, "secretariat_only", user=writer, for_org=True)
    assert client.get(f"/en/consultations/submissions/{own.id}").status_code == 200


def test_a_notice_to_someone_whose_language_is_unknown_is_in_both(make):
    user = make.user("ngo_member", lang=None)
    make.consultation()
    assert send_notices() >= 1
    db.session.commit()
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == user.email))
    assert "Consultation ouverte" in mail.subject and "Consultation open" in mail.subject
    french, english = mail.body_text.split("[English]")
    assert "[Français]" in french and "/fr/" in french and "/en/" not in french
    assert "/en/" in english and "/fr/" not in english
