"""Dated events: computed from the records' own dates each time the job runs, once per fact."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ...extensions import db
from ..models import Event
from .events import CLOSING_DAYS, add_event, derive_from_audit


def _consultations(now: datetime) -> list[Event]:
    from ...consultations.models import Consultation

    made = []
    rows = db.session.scalars(select(Consultation).where(Consultation.opens_at.is_not(None),
                                                         Consultation.closes_at.is_not(None))).all()
    for c in rows:
        closes = c.closes_at.date().isoformat()
        facts = []
        if c.opens_at <= now < c.closes_at:
            facts.append(("consultation_opened", f"consultation:{c.id}:opened:{c.opens_at.date()}", c.opens_at))
        if now < c.closes_at <= now + timedelta(days=CLOSING_DAYS) and c.opens_at <= now:
            facts.append(("consultation_closing", f"consultation:{c.id}:closing:{closes}", now))
        if c.closes_at <= now and now - c.closes_at < timedelta(days=CLOSING_DAYS):
            facts.append(("consultation_closed", f"consultation:{c.id}:closed:{closes}", c.closes_at))
        for kind, source, at in facts:
            event = add_event(kind, "consultation", c.id, source, at=at, on=c.closes_at.date())
            if event is not None:
                made.append(event)
    return made


def _cycles(now: datetime) -> list[Event]:
    from ...commitments.models import ReportingCycle

    today = now.date()
    rows = db.session.scalars(select(ReportingCycle).where(
        ReportingCycle.status == "open", ReportingCycle.due_date >= today,
        ReportingCycle.due_date <= today + timedelta(days=CLOSING_DAYS))).all()
    made = []
    for cy in rows:
        event = add_event("cycle_due", "reporting_cycle", cy.id, f"cycle:{cy.id}:due:{cy.due_date}", at=now,
                          on=cy.due_date)
        if event is not None:
            made.append(event)
    return made


def _reviews(now: datetime) -> list[Event]:
    from ...coalitions.models import Protocol

    today = now.date()
    rows = db.session.scalars(select(Protocol).where(
        Protocol.status.in_(("in_force", "under_review")), Protocol.review_on.is_not(None),
        Protocol.review_on >= today, Protocol.review_on <= today + timedelta(days=CLOSING_DAYS))).all()
    made = []
    for p in rows:
        event = add_event("review_due", "protocol", p.id, f"protocol:{p.id}:review:{p.review_on}", at=now,
                          on=p.review_on)
        if event is not None:
            made.append(event)
    return made


def dated_events(now: datetime) -> list[Event]:
    return _consultations(now) + _cycles(now) + _reviews(now)


def derive_events(now: datetime | None = None) -> list[Event]:
    """Events from new audit entries, then the dated ones (see events.py's module doc)."""
    from ...db import utcnow

    now = now or utcnow()
    made = derive_from_audit()
    made += dated_events(now)
    return made
