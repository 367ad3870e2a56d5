"""What a person was told, and how they want to be told by email."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from .event import Event

RHYTHMS = {"immediately": _l("Immediately"), "daily": _l("A daily digest"),
           "weekly": _l("A weekly digest"), "never": _l("No email (notifications in the portal only)")}


class Notification(db.Model):
    __tablename__ = "follow_notifications"
    __table_args__ = (UniqueConstraint("user_id", "event_id", name="follow_notifications_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("follow_events.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    event: Mapped[Event] = relationship(lazy="joined")


class FollowSettings(db.Model):
    """One row per person who changed a setting; without a row: weekly digest, no calendar address."""

    __tablename__ = "follow_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    rhythm: Mapped[str] = mapped_column(String(12), default="weekly")
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The private calendar address's token, stored hashed; None once revoked.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_token_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
