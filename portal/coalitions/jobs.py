"""Reminders: protocols due for review or expiring within 90 days; records not confirmed for a year.
Idempotent: one claim per protocol and date (or per organisation and month), so reruns send nothing twice."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from ..jobs import claim, job
from ..mail import queue_mail
from . import queries
from .models import Protocol


def _org_contacts(org_id: int | None) -> list[User]:
    """Who hears for an organisation: its active members who may edit or propose directory records."""
    if org_id is None:
        return []
    users = db.session.scalars(select(User).where(User.organisation_id == org_id, User.active.is_(True))).all()
    return [u for u in users if u.roles & {"jurisdiction_editor", "ngo_member", "secretariat"}]


def _recipients(record) -> list[User]:
    users = _org_contacts(record.owner_organisation_id)
    if not users:  # nobody at the owner: the province's editors, or the secretariat
        users = queries.reviewers_for(record.jurisdiction_code)
    return users


def _with_request(func):
    with current_app.test_request_context(base_url=current_app.config.get("SERVER_BASE_URL") or "http://localhost"):
        return func()


@job("coalitions.protocol_reminders", "cron", hour=6, minute=15,
     description="Remind owners of protocols due for review or expiring within 90 days")
def protocol_reminders(today: date | None = None) -> int:
    today = today or date.today()

    def run():
        sent = 0
        for due in queries.due_protocols(_SYSTEM, today=today):
            if not claim(f"coalitions:protocol:{due.protocol.id}:{due.reason}:{due.when.isoformat()}"):
                continue
            for user in _recipients(due.protocol):
                queue_mail(user.email, "coalitions/protocol_due", user.preferred_lang, protocol=due.protocol,
                           reason=due.reason, when=due.when, user=user)
                sent += 1
        return sent

    return _with_request(run)


@job("coalitions.expire_protocols", "cron", hour=5, minute=45,
     description="Mark protocols past their expiry date as expired")
def expire_protocols(today: date | None = None) -> int:
    from .. import audit

    today = today or date.today()
    rows = db.session.scalars(select(Protocol).where(Protocol.expires_on < today,
                                                     Protocol.status.in_(("in_force", "under_review")))).all()
    for p in rows:
        audit.record("directory.protocol_expired", p, changes={"status": [p.status, "expired"]})
        p.status = "expired"
    db.session.flush()
    return len(rows)


@job("coalitions.confirm_reminders", "cron", day_of_week="mon", hour=6, minute=30,
     description="Ask owners to confirm directory records not confirmed for over a year")
def confirm_reminders(now=None) -> int:
    now = now or utcnow()

    def run():
        by_user: dict[int, tuple[User, list]] = {}
        for record in queries.stale_records(now=now):
            for user in _recipients(record):
                by_user.setdefault(user.id, (user, []))[1].append(record)
        sent = 0
        month = now.strftime("%Y-%m")
        for user, records in by_user.values():
            # One reminder per person per month, however many records are stale.
            if not claim(f"coalitions:confirm:{user.id}:{month}"):
                continue
            records.sort(key=lambda r: (r.record_type, str(r.title)))
            queue_mail(user.email, "coalitions/confirm_records", user.preferred_lang, records=records, user=user)
            sent += 1
        return sent

    return _with_request(run)


class _System:
    """The scheduler reads everything (it only tells owners about their own records)."""
    is_authenticated = True
    is_active = True
    roles = {"secretariat"}
    organisation_id = None
    jurisdiction_code = None


_SYSTEM = _System()
