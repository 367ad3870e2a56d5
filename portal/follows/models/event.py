"""Events: what changed, derived from the audit log (or from dates, for "closing in 7 days" and "due").

An event names its subject (object_type, object_id) and the records that bound who may hear of it
(`guards`: every one must be visible to the reader, checked when notifying and again when showing). Its keys
("plan:3", "province:QC", ...) say which follows it reaches and which filters of the "what changed" page
find it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l


class Event(db.Model):
    __tablename__ = "follow_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    guards: Mapped[list] = mapped_column(JSON, default=list)        # [[type, id], ...]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    on: Mapped[date | None] = mapped_column(Date)                   # the date it is about (due, closing)
    # One event per audit entry, or per dated fact ("consultation:4:closing:2026-12-07"): reruns add nothing.
    source: Mapped[str] = mapped_column(String(120), unique=True)

    keys: Mapped[list["EventKey"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def key_values(self) -> list[str]:
        return sorted(k.key for k in self.keys)


class EventKey(db.Model):
    __tablename__ = "follow_event_keys"

    event_id: Mapped[int] = mapped_column(ForeignKey("follow_events.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)


class FollowCursor(db.Model):
    """How far the audit log has been read (a high-water mark), so each entry is looked at once."""

    __tablename__ = "follow_cursor"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    audit_id: Mapped[int] = mapped_column(Integer, default=0)


KINDS = {
    "report_published": _l("Progress report published"),
    "status_changed": _l("Status changed"),
    "due_changed": _l("Due date changed"),
    "commitment_added": _l("Commitment added"),
    "cycle_opened": _l("Reporting cycle opened"),
    "cycle_due": _l("Reporting cycle due"),
    "consultation_opened": _l("Consultation opened"),
    "consultation_closing": _l("Consultation closing in 7 days"),
    "consultation_closed": _l("Consultation closed"),
    "wwh_published": _l("“What we heard” published"),
    "roundtable_scheduled": _l("Roundtable scheduled"),
    "directory_changed": _l("Directory record changed"),
    "review_due": _l("Protocol review due"),
    "lesson_linked": _l("Lesson learned linked"),
    "saved_search_match": _l("New result for your saved search"),
}
# Events about one person (never in the "what changed" page or the public feeds).
PERSONAL_KINDS = ("saved_search_match",)


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))
