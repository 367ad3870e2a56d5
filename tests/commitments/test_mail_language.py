"""A reminder sent by a job reaches each lead in the language they chose, and in both when it is unknown."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.commitments import jobs, services
from portal.extensions import db
from portal.mail import OutgoingMail


def _reminders(people, make, lead_lang):
    people.lead.preferred_lang = lead_lang
    make.commitment(people.plan, "1.1", people.rcmp, title_en="Emergency shelters", title_fr="Refuges d'urgence")
    due = date(2026, 1, 30)
    services.open_cycle(people.plan, services.CycleInput("2025-2026 Q3", due, due - timedelta(days=30)),
                        people.secretariat)
    db.session.commit()
    db.session.query(OutgoingMail).delete()
    db.session.commit()
    jobs.cycle_reminders(today=date(2026, 1, 25))
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == people.lead.email))
    return mail


def test_a_french_lead_gets_the_reminder_in_french_only(people, make):
    mail = _reminders(people, make, "fr")
    assert mail.subject.startswith("Rappel") and "Reminder" not in mail.subject
    assert "Refuges d'urgence" in mail.body_text and "Emergency shelters" not in mail.body_text
    assert "/fr/" in mail.body_text and "/en/" not in mail.body_text


def test_an_english_lead_gets_it_in_english_only(people, make):
    mail = _reminders(people, make, "en")
    assert mail.subject.startswith("Reminder") and "Rappel" not in mail.subject
    assert "Emergency shelters" in mail.body_text and "Refuges d'urgence" not in mail.body_text


def test_a_lead_whose_language_is_unknown_gets_both_each_marked(people, make):
    mail = _reminders(people, make, None)
    assert "Rappel" in mail.subject and "Reminder" in mail.subject
    body = mail.body_text
    assert "[Français]" in body and "[English]" in body
    french, english = body.split("[English]")
    assert "Refuges d'urgence" in french and "/fr/" in french
    assert "Emergency shelters" in english and "/en/" in english
