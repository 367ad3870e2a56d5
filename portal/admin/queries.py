"""Reads of the administration screens."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..audit import AuditEntry
from ..auth.models import Organisation, Role, User
from ..extensions import db

AUDIT_PAGE_SIZE = 50


def users(q: str = "") -> list[User]:
    """Every account, by email; `q` narrows to an email or organisation short name containing it."""
    stmt = select(User).join(User.organisation).order_by(User.email)
    q = q.strip().lower()
    if q:
        stmt = stmt.where(func.lower(User.email).contains(q) | func.lower(Organisation.short_name).contains(q))
    return list(db.session.scalars(stmt).unique().all())


def role_choices() -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Role]


def organisation_choices() -> list[tuple[int, str]]:
    """Active organisations, offered when inviting someone."""
    orgs = db.session.scalars(select(Organisation).where(Organisation.active.is_(True))
                              .order_by(Organisation.short_name)).all()
    return [(o.id, f"{o.short_name} — {o.name}") for o in orgs]


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.org_type, Organisation.short_name)))


def account_counts() -> dict[int, int]:
    """Organisation id -> number of accounts."""
    return dict(db.session.execute(select(User.organisation_id, func.count()).group_by(User.organisation_id)).all())


def members(org: Organisation) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organisation_id == org.id).order_by(User.email)))


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    page: int
    has_next: bool


def audit_page(page: int, action: str = "") -> AuditPage:
    """One page of the audit log, newest first; `action` keeps the actions starting with it."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    rows = db.session.scalars(stmt.offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE + 1)).all()
    return AuditPage(list(rows[:AUDIT_PAGE_SIZE]), page, len(rows) > AUDIT_PAGE_SIZE)
