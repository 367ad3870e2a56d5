"""Every mail the portal sends, in French and in English, over the demo data and through the code that sends
it (jobs and services), checked as the language crawl checks pages (tests/foundation/test_language_crawl.py):
no paragraph in the other language, no raw key, no English acronym in French, nothing left untranslated
(a subject or a sentence the same in both languages).

Mail is plain text: there is no `lang` to mark a quotation; what is written in the other language is announced
by the mail's own words ("(Available in French only)", portal/mail.py), so a paragraph of five words or more
in the other language is a problem unless it carries that note or follows it. Every recipient's language is set to unknown first, so each mail is written in both.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal import mail as mail_module
from portal.mail import language_note
from portal.auth.models import Organisation, User
from portal.extensions import db
from portal.i18n import LOCALES, current_lang, force_locale
from tests.foundation.test_language_crawl import ADDRESS, MIN_WORDS, RAW_KEY, identifier  # noqa: F401

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


@pytest.fixture
def rendered(app, monkeypatch):
    """Every rendering of a mail template, as (template, lang, subject, body), in order."""
    seen: list[tuple[str, str, str, str]] = []
    real = mail_module._render

    def spy(template, lang, context):
        subject, body = real(template, lang, context)
        seen.append((template, lang, subject, body))
        return subject, body

    monkeypatch.setattr(mail_module, "_render", spy)
    return seen


def _send_everything(app) -> None:
    """The demo, then what makes the portal write mail: its jobs over the demo's dates, and its services."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.execute(update(User).values(preferred_lang=None))   # each mail then carries both languages
    db.session.commit()
    _jobs()
    _services(app)
    _follows()


def _jobs() -> None:
    from portal.coalitions import jobs as coalition_jobs
    from portal.coalitions.models import Protocol
    from portal.commitments import jobs as commitment_jobs
    from portal.commitments.models import ReportingCycle
    from portal.consultations import jobs as consultation_jobs
    from portal.consultations.models import Consultation

    for cycle in db.session.scalars(select(ReportingCycle).where(ReportingCycle.status == "open")).all():
        for day in (cycle.due_date - timedelta(days=3), cycle.due_date, cycle.due_date + timedelta(days=1)):
            commitment_jobs.cycle_reminders(today=day)
    commitment_jobs.overdue_alerts(today=date.today())
    for c in db.session.scalars(select(Consultation).where(Consultation.closes_at.is_not(None))).all():
        if c.opens_at:
            consultation_jobs.send_notices(now=c.opens_at + timedelta(hours=1))
        consultation_jobs.send_notices(now=c.closes_at - timedelta(days=1))
    for p in db.session.scalars(select(Protocol)).all():
        for when in (p.review_on, p.expires_on):
            if when:
                coalition_jobs.protocol_reminders(today=when - timedelta(days=10))
    coalition_jobs.confirm_reminders(now=datetime.now(timezone.utc) + timedelta(days=800))
    db.session.commit()


def _follows() -> None:
    """Two people follow the demo's plans, one told at once, one by a daily digest; the plans then change."""
    from portal.auth.models.user import UserRole
    from portal.commitments.models import Commitment, Plan
    from portal.follows import jobs as follow_jobs
    from portal.follows.services import following

    people = db.session.scalars(select(User).join(UserRole).where(
        User.email.like("%@demo.concerto.test"), UserRole.role.in_(("committee_member", "secretariat")))
        .order_by(User.id)).unique().all()[:2]
    for person, rhythm in zip(people, ("immediately", "daily")):
        following.set_rhythm(person, rhythm)
        for plan in db.session.scalars(select(Plan)):
            following.follow(person, f"plan:{plan.id}")
    db.session.commit()
    follow_jobs.events()                       # what happened before they followed is not news
    from portal.commitments.services.history import set_status_progress
    for c in db.session.scalars(select(Commitment).order_by(Commitment.id).limit(3)).all():
        set_status_progress(c, c.status, min((c.progress or 0) + 10, 100), people[1])
    db.session.commit()
    now = datetime.now(timezone.utc)
    follow_jobs.events(now=now)
    for later in (timedelta(days=1), timedelta(days=8)):
        follow_jobs.digests(now=now + later)
    db.session.commit()


def _services(app) -> None:
    """The mail services send when a person acts: each as the demo's people would, in the demo's records."""
    from portal.admin.services import send_invitation
    from portal.auth.models.user import UserRole
    from portal.auth.services.reset import ResetRequest, request_reset

    def person(role):
        return db.session.scalar(select(User).join(UserRole).where(
            User.email.like("%@demo.concerto.test"), UserRole.role == role).order_by(User.id).limit(1))

    secretariat, admin = person("secretariat"), person("admin")
    with app.test_request_context("/fr/"):
        send_invitation(person("ngo_member"), actor=admin)
        request_reset(ResetRequest(email=person("department_lead").email))
    # The secretariat works on the French pages: what it writes (comments, reasons) is in French.
    with app.test_request_context("/fr/"), force_locale("fr_CA"):
        _reviews(person, secretariat)
    db.session.commit()


def _reviews(person, secretariat) -> None:
    from portal.coalitions import services as coalitions
    from portal.coalitions.models import Service
    from portal.commitments import services as commitments
    from portal.commitments.models import Plan, ProgressUpdate
    from portal.lessons.models import Lesson
    from portal.lessons.services import review
    from portal.permissions import PUBLIC

    assert current_lang() == "fr"
    # Progress reports: one submitted, then one published and one sent back.
    drafts = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.state.in_(("draft", "returned")))
                                .order_by(ProgressUpdate.id)).all()
    assert drafts, "the demo has no draft progress report"
    commitments.submit_update(drafts[0], actor=drafts[0].author)
    submitted = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.state == "submitted")
                                   .order_by(ProgressUpdate.id)).all()
    assert len(submitted) >= 2, "the demo has fewer than two submitted progress reports"
    for upd in submitted[:2]:        # the demo's reports have no author account: a lead wrote these
        upd.author = upd.author or person("department_lead")
    commitments.publish_update(submitted[0], actor=secretariat)
    commitments.return_update(submitted[1], commitments.ReturnInput("Précisez les dépenses de cette année."),
                              actor=secretariat)
    plan = db.session.scalar(select(Plan).where(Plan.status == "active").order_by(Plan.id).limit(1))
    opens = date.today() + timedelta(days=900)
    commitments.open_cycle(plan, commitments.CycleInput("T1", opens + timedelta(days=30), opens, "fr"),
                           actor=secretariat)
    lesson = db.session.scalar(select(Lesson).order_by(Lesson.id).limit(1))
    # The demo's lessons have no author account: one writes this one, and asks for it to be public.
    lesson.created_by, lesson.visibility = person("ngo_member"), PUBLIC
    review.after_change(lesson, actor=lesson.created_by, changed=True)
    review.return_lesson(lesson, review.ReturnInput("Retirez le nom de la ville."), actor=secretariat)
    service = db.session.scalar(select(Service).order_by(Service.id).limit(1))
    proposal = coalitions.propose_change(service, coalitions.input_from(service, city="Gatineau"),
                                         actor=person("ngo_member"))
    coalitions.reject_proposal(proposal, actor=secretariat, reason="Cette ville est déjà indiquée.")
    db.session.commit()


def _paragraphs(lang: str, subject: str, body: str) -> list[tuple[str, str | None]]:
    """The mail's paragraphs, each with the other language it is announced in ("(Available in French only)")."""
    with force_locale(LOCALES[lang]):
        notes = {language_note(other, lang): other for other in LOCALES if other != lang}
    out, announced = [], None
    for para in re.split(r"\n\s*\n", f"{subject}\n\n{body}"):
        # A title in the other language carries the note itself (mail.marked: "Winter review (Available in
        # English only)"); a person's comment has it on the line before (mail.language_note).
        out.append((para, announced or next((other for note, other in notes.items() if note in para), None)))
        last = para.strip().splitlines()[-1].strip() if para.strip() else ""
        announced = notes.get(last)
    return out


def _problems(template: str, lang: str, subject: str, body: str, identifier, english_acronyms) -> list[str]:
    found = []
    for para, announced in _paragraphs(lang, subject, body):
        text = " ".join(ADDRESS.sub(" ", para).split())
        for key in RAW_KEY.findall(text):
            found.append(f"raw key {key!r}: {text[:90]!r}")
        if lang == "fr":
            found += [f"English acronym {w}: {text[:90]!r}" for w in re.findall(r"\b[A-Z]{2,}\b", text)
                      if w in english_acronyms]
        words = re.findall(r"[^\W\d_]{2,}", text)
        if len(words) < MIN_WORDS or sum(w[0].islower() for w in words) < 4:
            continue
        guess, prob = identifier.classify(text)
        if guess != lang and prob > 0.98 and guess != announced:
            found.append(f"{guess} paragraph in the {lang} mail, not announced: {text[:90]!r}")
    return found


def _untranslated(fr: tuple, en: tuple) -> list[str]:
    """The same mail in both languages: a subject, or a sentence of four words or more, the same in both."""
    found = [f"the same subject in both languages: {fr[2]!r}"] if fr[2] == en[2] else []
    # A person's words are the same in both, announced in the mail of the other language.
    quoted = {" ".join(line.split()) for lang, mail in (("fr", fr), ("en", en))
              for para, announced in _paragraphs(lang, mail[2], mail[3]) if announced for line in para.splitlines()}
    en_lines = {" ".join(line.split()) for line in en[3].splitlines()} - quoted
    for line in fr[3].splitlines():
        line = " ".join(line.split())
        if line in en_lines and len(re.findall(r"[^\W\d_]{2,}", ADDRESS.sub(" ", line))) >= 4:
            found.append(f"the same sentence in both languages: {line[:90]!r}")
    return found


def test_every_mail_in_both_languages(app, rendered, identifier):
    _send_everything(app)
    acronyms = {o.short_name for o in db.session.scalars(select(Organisation).where(
        Organisation.short_name_fr.is_not(None))) if o.short_name_fr != o.short_name}
    problems: dict[str, set[str]] = {}
    langs: dict[str, set[str]] = {}
    for i, (template, lang, subject, body) in enumerate(rendered):
        langs.setdefault(template, set()).add(lang)
        for p in _problems(template, lang, subject, body, identifier, acronyms):
            problems.setdefault(f"{template} ({lang})", set()).add(p)
        if lang == "fr" and i + 1 < len(rendered) and rendered[i + 1][:2] == (template, "en"):
            for p in _untranslated(rendered[i], rendered[i + 1]):
                problems.setdefault(template, set()).add(p)
    every = {str(p.relative_to(TEMPLATES).with_suffix("")) for p in TEMPLATES.rglob("*.txt")}
    missing = sorted(t for t in every if langs.get(t) != {"fr", "en"})
    assert not missing, f"mail templates the test did not produce in both languages: {missing}"
    lines = [f"{where}: {p}" for where, found in sorted(problems.items()) for p in sorted(found)]
    assert not lines, f"{len(lines)} problems:\n" + "\n".join(lines)
