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


def _halves(mail):
    assert "[Français]" in mail.body_text and "[English]" in mail.body_text
    return mail.body_text.split("[English]")


def test_an_overdue_alert_to_a_lead_whose_language_is_unknown_is_in_both(people, make):
    people.lead.preferred_lang = None
    make.commitment(people.plan, "1.1", people.rcmp, due="2020-01-01", status="on_track",
                    title_fr="Refuges d'urgence", title_en="Emergency shelters")
    db.session.query(OutgoingMail).delete()
    db.session.commit()
    assert jobs.overdue_alerts(today=date(2026, 1, 5))["mails"] == 1
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == people.lead.email))
    assert "Engagements" in mail.subject and "Commitments now overdue" in mail.subject
    french, english = _halves(mail)
    assert "Refuges d'urgence" in french and "/fr/" in french and "Emergency shelters" not in french
    assert "Emergency shelters" in english and "/en/" in english and "Refuges d'urgence" not in english


def test_the_escalation_to_a_secretariat_of_unknown_language_is_in_both_the_cycle_name_marked(people, make):
    """The cycle's name is written in one language: the other half says so, as pages do."""
    people.secretariat.preferred_lang = None
    make.commitment(people.plan, "1.1", people.rcmp, title_en="Emergency shelters", title_fr="Refuges d'urgence")
    due = date(2026, 1, 30)
    services.open_cycle(people.plan, services.CycleInput("Bilan de l'hiver 2026", due, due - timedelta(days=30),
                                                         lang="fr"), people.secretariat)
    db.session.query(OutgoingMail).delete()
    db.session.commit()
    jobs.cycle_reminders(today=due + timedelta(days=1))
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == people.secretariat.email))
    french, english = _halves(mail)
    assert "Bilan de l'hiver 2026" in french and "seulement" not in french and "only" not in french
    assert "Bilan de l'hiver 2026 (Available in French only)" in english and "/en/" in english
    assert "Bilan de l'hiver 2026 (Available in French only)" in mail.subject
