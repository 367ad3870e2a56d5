from datetime import date, timedelta

from sqlalchemy import select

from portal.coalitions import jobs
from portal.coalitions.models import Protocol
from portal.db import utcnow
from portal.extensions import db
from portal.links import resolve
from portal.mail import OutgoingMail
from portal.search.documents import PROVIDERS


def test_protocol_reminders_are_sent_once_in_the_owners_language(app, make):
    org = make.org("NGOP", "ngo", jurisdiction_code="ON")
    owner = make.user("ngo_member", org=org, lang="fr")
    make.protocol("ON", owner=org, title_fr="Entente de Toronto", review_on=date.today() + timedelta(days=20))
    make.protocol("ON", owner=org, review_on=date.today() + timedelta(days=300))
    assert jobs.protocol_reminders() == 1
    db.session.commit()
    assert jobs.protocol_reminders() == 0
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == owner.email)).all()
    assert len(mails) == 1 and "Entente de Toronto" in mails[0].body_text and mails[0].lang == "fr"


def test_expired_protocols_are_marked(app, make):
    p = make.protocol("ON", expires_on=date.today() - timedelta(days=1), review_on=None)
    assert jobs.expire_protocols() == 1
    assert db.session.get(Protocol, p.id).status == "expired"


def test_owners_are_asked_to_confirm_old_records_once_a_month(app, make):
    org = make.org("NGOC", "ngo")
    owner = make.user("ngo_member", org=org, lang="en")
    old = make.service("ON", owner=org, name_en="Old service")
    make.service("ON", owner=org, name_en="Fresh service")
    old.last_confirmed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    assert jobs.confirm_reminders() == 1
    db.session.commit()
    assert jobs.confirm_reminders() == 0
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == owner.email)).one()
    assert "Old service" in mail.body_text and "Fresh service" not in mail.body_text


def test_search_documents_and_refs(app, make):
    published = make.service("QC", name_fr="Refuge", categories=["short_term_housing"])
    draft = make.protocol("ON", status="draft")
    national = make.coalition(None)
    docs = PROVIDERS["service"].documents(published)
    assert docs[0].visibility == "public" and docs[0].jurisdictions == ["QC"] and docs[0].title_fr == "Refuge"
    assert PROVIDERS["protocol"].documents(draft)[0].visibility == "internal"
    assert PROVIDERS["coalition"].documents(national)[0].jurisdictions == []
    from portal.i18n import force_locale

    with force_locale("fr_CA"):  # search shows the type's label, which the provider carries
        assert [str(PROVIDERS[t].label) for t in ("coalition", "strategy", "protocol", "service")] == \
            ["Coalition", "Stratégie", "Protocole", "Service"]
    ref = resolve("protocol", draft.id)
    assert ref.visibility == "internal" and ref.endpoint == "coalitions.protocol"
    assert resolve("service", 99999) is None


def test_directory_reminders_to_an_owner_whose_language_is_unknown_are_in_both(app, make):
    """Protocol and confirmation reminders: each half in its language and links; a name written in French only
    says so in the English half."""
    org = make.org("NGOU", "ngo", jurisdiction_code="ON")
    owner = make.user("ngo_member", org=org, lang=None)
    make.protocol("ON", owner=org, title_fr="Entente de Toronto", title_en="", review_on=date.today() + timedelta(days=20))
    old = make.service("ON", owner=org, name_fr="Refuge ancien", name_en="Old shelter")
    old.last_confirmed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    assert jobs.protocol_reminders() == 1 and jobs.confirm_reminders() == 1
    db.session.commit()
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == owner.email)
                               .order_by(OutgoingMail.id)).all()
    for mail in mails:
        french, english = mail.body_text.split("[English]")
        assert "[Français]" in french and "/fr/" in french and "/en/" not in french and "/en/" in english
    protocol, confirm = mails
    assert "Entente de Toronto (Available in French only)" in protocol.body_text.split("[English]")[1]
    assert "Refuge ancien" in confirm.body_text.split("[English]")[0]
    assert "Old shelter" in confirm.body_text.split("[English]")[1]
