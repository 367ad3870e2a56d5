"""Events derived from the audit log (every feature service writes one entry per change) and from dates.

`derive_events(now)` reads the audit entries after the high-water mark, turns the ones people follow into
events, then adds the dated ones (a consultation opening, closing within 7 days, closed; a reporting cycle due
within 7 days; a directory record's review due). Every event has a unique `source`, so a rerun adds nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta


from sqlalchemy import select

from ...audit import AuditEntry
from ...db import utcnow
from ...extensions import db
from ..models import Event, EventKey, FollowCursor
from .subjects import subject_of

DIRECTORY_TABLES = {"coalitions": "coalition", "strategies": "strategy", "protocols": "protocol",
                    "services": "service"}
DIRECTORY_ACTIONS = {"directory.created", "directory.updated", "directory.imported", "directory.proposal_applied",
                     "directory.protocol_version_added", "directory.protocol_expired"}
LESSON_RELATIONS = {"informs", "source_of"}
FOLLOWED_LINK_TYPES = {"commitment", "consultation", "roundtable", "plan"}
CLOSING_DAYS = 7
BATCH = 500


def _progress_report(entry: AuditEntry) -> tuple[str, str, int] | None:
    from ...commitments.models import ProgressUpdate

    upd = db.session.get(ProgressUpdate, entry.object_id)
    return ("report_published", "commitment", upd.commitment_id) if upd is not None else None


def _commitment(entry: AuditEntry) -> tuple[str, str, int] | None:
    changed = set(entry.changes or {})
    if "status" in changed:
        return "status_changed", "commitment", entry.object_id
    if changed & {"due_date", "due_fiscal_year", "due_kind"}:
        return "due_changed", "commitment", entry.object_id
    if entry.action == "commitment.created":
        return "commitment_added", "commitment", entry.object_id
    return None


def _lesson_link(entry: AuditEntry) -> list[tuple[str, str, int, list]]:
    from ...links import Link

    link = db.session.get(Link, entry.object_id)
    if link is None or link.relation not in LESSON_RELATIONS:
        return []
    ends = [(link.source_type, link.source_id), (link.target_type, link.target_id)]
    lessons = [e for e in ends if e[0] == "lesson"]
    others = [e for e in ends if e[0] in FOLLOWED_LINK_TYPES]
    if not lessons or not others:
        return []
    lesson = lessons[0]
    return [("lesson_linked", t, i, [["lesson", lesson[1]]]) for t, i in others]


def _from_entry(entry: AuditEntry) -> list[tuple[str, str, int, list]]:
    """(kind, object_type, object_id, extra guards) for the events one audit entry makes."""
    a, t = entry.action, entry.object_type
    found: tuple[str, str, int] | None = None
    if a == "progress_update.published":
        found = _progress_report(entry)
    elif a.startswith("commitment.") and t == "cm_commitments":
        found = _commitment(entry)
    elif a == "cycle.opened":
        found = ("cycle_opened", "reporting_cycle", entry.object_id)
    elif a == "consultation.what_we_heard_published":
        found = ("wwh_published", "consultation", entry.object_id)
    elif a in ("roundtable.created", "roundtable.updated") and t == "roundtables" and entry.changes \
            and "held_on" in entry.changes:
        found = ("roundtable_scheduled", "roundtable", entry.object_id)
    elif a in DIRECTORY_ACTIONS and t in DIRECTORY_TABLES and (a == "directory.created" or entry.changes
                                                                 or a == "directory.protocol_version_added"):
        found = ("directory_changed", DIRECTORY_TABLES[t], entry.object_id)
    elif a == "link.created":
        return _lesson_link(entry)
    return [found + ([],)] if found else []


def add_event(kind: str, object_type: str, object_id: int, source: str, *, at: datetime | None = None,
              on: date | None = None, extra_guards: list | None = None) -> Event | None:
    """Record one event (None when its subject is gone, or when `source` was already recorded)."""
    if db.session.scalar(select(Event.id).where(Event.source == source)) is not None:
        return None
    subject = subject_of(object_type, object_id)
    if subject is None:
        return None
    event = Event(kind=kind, object_type=subject.object_type, object_id=subject.object_id,
                  guards=subject.guards + (extra_guards or []), at=at or utcnow(), on=on, source=source)
    event.keys = [EventKey(key=k) for k in sorted(subject.keys)]
    db.session.add(event)
    db.session.flush()
    return event


def _cursor() -> FollowCursor:
    cursor = db.session.get(FollowCursor, "audit")
    if cursor is None:
        cursor = FollowCursor(name="audit", audit_id=0)
        db.session.add(cursor)
    return cursor


def derive_from_audit() -> list[Event]:
    cursor, made = _cursor(), []
    while True:
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.id > cursor.audit_id)
                                     .order_by(AuditEntry.id).limit(BATCH)).all()
        if not entries:
            return made
        for entry in entries:
            for kind, otype, oid, guards in _from_entry(entry):
                event = add_event(kind, otype, oid, f"audit:{entry.id}:{otype}:{oid}", at=entry.at,
                                  extra_guards=guards)
                if event is not None:
                    made.append(event)
            cursor.audit_id = entry.id
