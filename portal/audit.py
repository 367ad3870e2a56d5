"""Append-only audit log: services write an entry for every change and every view of confidential
material. Rows are never updated or deleted (enforced on flush)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import JSON, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .db import UTCDateTime, utcnow
from .extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(60), index=True)
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[dict | None] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(500), default="")

    actor = relationship("User", foreign_keys=[actor_user_id], lazy="joined")
    actor_organisation = relationship("Organisation", foreign_keys=[actor_organisation_id], lazy="joined")


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def diff(obj: Any, fields: list[str] | tuple[str, ...], new_values: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields that new_values would change on obj."""
    changes = {}
    for field in fields:
        if field not in new_values:
            continue
        old, new = getattr(obj, field, None), new_values[field]
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def record(action: str, obj: Any = None, *, actor: Any = None, changes: dict | None = None,
           summary: str = "", object_type: str | None = None, object_id: int | None = None) -> AuditEntry:
    """Add an audit entry to the session (the caller's transaction commits it)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        object_type=object_type or (getattr(obj, "__tablename__", None) or type(obj).__name__ if obj is not None else "-"),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        actor_user_id=getattr(actor, "id", None),
        actor_organisation_id=getattr(actor, "organisation_id", None),
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()} or None,
        summary=summary[:500],
    )
    db.session.add(entry)
    return entry


def record_view(action: str, obj: Any, *, actor: Any, summary: str = "", object_type: str | None = None) -> None:
    """Audit a reading of confidential material from a GET request.

    Written in its own short transaction after the page's read transaction ends, so a page read never
    upgrades to a write lock mid-way (SQLite) nor holds one open while it renders."""
    from sqlalchemy import insert

    from .extensions import write_intent

    row = {"at": utcnow(), "actor_user_id": getattr(actor, "id", None),
           "actor_organisation_id": getattr(actor, "organisation_id", None),
           "action": action,
           "object_type": object_type or getattr(obj, "__tablename__", type(obj).__name__),
           "object_id": getattr(obj, "id", None),
           "summary": summary[:500]}  # read every attribute before the read transaction ends
    db.session.commit()
    with write_intent(), db.engine.begin() as conn:
        conn.execute(insert(AuditEntry), [row])


CONFIDENTIAL = frozenset({"committee", "secretariat"})   # the levels whose every read is audited


def record_read(action: str, obj: Any, *, actor: Any, visibilities: Iterable[str], what: str = "",
                object_type: str | None = None) -> int:
    """Audit a list page, an API answer or a download that showed confidential material: one entry per
    request naming the object the list belongs to (`obj`) and how many confidential items it showed among
    how many, never one entry per row. Nothing when none was confidential. Returns that number.

    Call it once the answer is built (record_view ends the read transaction)."""
    levels = list(visibilities)
    n = sum(1 for v in levels if v in CONFIDENTIAL)
    if n:
        record_view(action, obj, actor=actor, object_type=object_type,
                    summary=f"{what + ': ' if what else ''}{n} confidential of {len(levels)} shown")
    return n


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _ctx, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("the audit log is append-only")
