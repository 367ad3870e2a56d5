"""Reads of the administration screens."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..audit import AuditEntry
from ..auth.models import Organisation, Role, User
from ..extensions import db
from ..links import resolve_row
from ..i18n import ngettext
from ..parity import total as translations_needed
from ..permissions import can, may_see
from ..todo import TodoItem

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


# What the administration itself keeps: an entry about these shows its details to whoever reads the log.
ADMIN_TABLES = frozenset({"users", "user_roles", "user_sessions", "invitations", "organisations", "recovery_codes"})


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    page: int
    has_next: bool
    withheld: set[int] = field(default_factory=set)   # ids of entries shown by kind and id only


def audit_page(page: int, action: str = "", viewer: Any = None) -> AuditPage:
    """One page of the audit log, newest first; `action` keeps the actions starting with it. An entry about a
    record the viewer may not read keeps its summary and changes (a title, a passage) to itself."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    rows = db.session.scalars(stmt.offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE + 1)).all()
    entries = list(rows[:AUDIT_PAGE_SIZE])
    return AuditPage(entries, page, len(rows) > AUDIT_PAGE_SIZE, withheld_entries(entries, viewer))


def withheld_entries(entries: list[AuditEntry], viewer: Any) -> set[int]:
    """The entries whose details the viewer may not read: about a record they may not see (its feature's
    rule, through portal.links), or one that is gone or that no rule covers, unless they read everything
    (the secretariat) or it is the administration's own (accounts, organisations)."""
    if can(viewer, "secretariat.read"):
        return set()
    verdicts: dict[tuple[str, int | None], bool] = {}
    withheld = set()
    for e in entries:
        if e.object_type in ADMIN_TABLES or not (e.summary or e.changes):
            continue
        key = (e.object_type, e.object_id)
        if key not in verdicts:
            ref = resolve_row(e.object_type, e.object_id)
            verdicts[key] = ref is not None and may_see(viewer, ref.visibility, ref.owner_org_ids)
        if not verdicts[key]:
            withheld.add(e.id)
    return withheld


def todo_for(user: Any) -> list[TodoItem]:
    """The secretariat's count of public records missing a language (the "Translation needed" list)."""
    if not can(user, "translation.review"):
        return []
    n = translations_needed()
    return [TodoItem(ngettext("%(num)s public record needs a translation", "%(num)s public records need a translation",
                              n), n, "admin.translations")]
