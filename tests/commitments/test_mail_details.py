"""Mail details: plain-text mail is not HTML-escaped; a cycle reminded after its due date says how late it
is; links in mail sent by jobs use the portal's own address (PORTAL_BASE_URL, or HOST/PORT as `make run`
sets them)."""
from datetime import date, timedelta
from pathlib import Path

from flask import globals as flask_globals
from sqlalchemy import select

from portal.commitments import jobs, services
from portal.commitments.models import ReportingCycle
from portal.config import base_url
from portal.extensions import db
from portal.mail import OutgoingMail, queue_mail


def _mails(to):
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == to)
                                   .order_by(OutgoingMail.id)))


def _cycle(people, make, due, title="Women's shelters & <safe> homes"):
    make.commitment(people.plan, "1.1", people.rcmp, title_en=title, title_fr="Refuges d'urgence")
    cycle = services.open_cycle(people.plan, services.CycleInput("2025-2026 Q3", due, due - timedelta(days=30)),
                                people.secretariat)
    db.session.commit()
    db.session.query(OutgoingMail).delete()
    db.session.commit()
    return cycle


def test_plain_text_mail_has_no_html_entities(people, make):
    _cycle(people, make, date(2026, 1, 30))
    jobs.cycle_reminders(today=date(2026, 1, 25))
    [mail] = _mails(people.lead.email)     # English
    assert "Women's shelters & <safe> homes" in mail.body_text
    assert "&#39;" not in mail.body_text and "&amp;" not in mail.body_text and "&lt;" not in mail.body_text
    [french] = _mails(people.other_lead.email) or [None]
    assert french is None     # CBSA has nothing in this cycle
    out = queue_mail("x@example.org", "commitments/cycle_before", "fr", cycle=db.session.scalars(
        select(ReportingCycle)).first(), organisation=people.rcmp, missing=[])
    assert "Rappel" in out.subject and "d’étape" in out.subject and "&#" not in out.body_text


def test_a_cycle_reminded_ten_days_late_says_overdue_not_today(people, make):
    due = date(2026, 1, 30)
    _cycle(people, make, due)
    assert jobs.cycle_reminders(today=due + timedelta(days=10))["due"] == 1   # the runs before were missed
    [mail] = _mails(people.lead.email)
    assert "ends today" not in mail.body_text and "due today" not in mail.subject
    assert "overdue by 10 days" in mail.body_text and "overdue" in mail.subject


def test_on_the_due_date_it_still_says_today(people, make):
    due = date(2026, 1, 30)
    _cycle(people, make, due)
    jobs.cycle_reminders(today=due)
    [mail] = _mails(people.lead.email)
    assert "ends today" in mail.body_text and "overdue" not in mail.body_text


def test_job_mail_links_use_the_portal_address(app, people, make):
    _cycle(people, make, date(2026, 1, 30))
    old, email = app.config["SERVER_BASE_URL"], people.lead.email
    app.config["SERVER_BASE_URL"] = "http://127.0.0.1:8123"
    request_ctx = flask_globals.request_ctx._get_current_object()
    request_ctx.pop()    # as in the job process: no request to take the address from
    try:
        with app.app_context():
            jobs.cycle_reminders(today=date(2026, 1, 25))
            db.session.commit()
    finally:
        request_ctx.push()
        app.config["SERVER_BASE_URL"] = old
    [mail] = _mails(email)
    assert "http://127.0.0.1:8123/en/commitments/mine" in mail.body_text and ":5000" not in mail.body_text


def test_base_url_follows_host_and_port():
    assert base_url({}) == "http://127.0.0.1:5000"
    assert base_url({"CONCERTO_PORT": "8123"}) == "http://127.0.0.1:8123"
    assert base_url({"CONCERTO_HOST": "0.0.0.0", "CONCERTO_PORT": "8080"}) == "http://localhost:8080"
    assert base_url({"CONCERTO_PORT": "8080", "PORTAL_BASE_URL": "https://concerto.example.ca/"}) == \
        "https://concerto.example.ca"
    assert base_url({"CONCERTO_BASE_URL": "https://old.example.ca"}) == "https://old.example.ca"
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "export CONCERTO_HOST=$(HOST) CONCERTO_PORT=$(PORT)" in makefile
