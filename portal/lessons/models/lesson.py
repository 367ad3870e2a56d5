"""A lesson learned and its discussion. Table names keep their search_ prefix (no migration)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from ...permissions import COMMITTEE, INTERNAL, PUBLIC, SECRETARIAT

PILLARS = {
    "empowerment": _l("Empowerment"),
    "prevention": _l("Prevention"),
    "protection": _l("Protection"),
    "prosecution": _l("Prosecution"),
    "partnerships": _l("Partnerships"),
}

VISIBILITY_LABELS = {
    PUBLIC: _l("Public"),
    INTERNAL: _l("Internal (government and partners)"),
    COMMITTEE: _l("Advisory committee"),
    SECRETARIAT: _l("Secretariat only"),
}

# A public lesson goes through the secretariat's review, like a progress report: asking for "public" submits it
# (the committee and the secretariat see it meanwhile), the secretariat publishes it or returns it with a comment.
NOT_PUBLIC, SUBMITTED, PUBLISHED, RETURNED = "none", "submitted", "published", "returned"
REVIEW_LABELS = {
    SUBMITTED: _l("Waiting for the secretariat's review before it is public"),
    PUBLISHED: _l("Public, reviewed by the secretariat"),
    RETURNED: _l("Returned by the secretariat: not public"),
}

# Record types a lesson can cite (other features register their refs with portal.links).
SOURCE_TYPES = {
    "submission": _l("Submission"),
    "key_point": _l("Roundtable key point"),
    "roundtable": _l("Roundtable"),
    "evaluation_finding": _l("Evaluation finding"),
    "progress_update": _l("Progress update"),
    "commitment": _l("Commitment"),
    "consultation": _l("Consultation"),
    "coalition": _l("Coalition"),
    "protocol": _l("Protocol"),
}


class Lesson(db.Model):
    __tablename__ = "search_lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    context_fr: Mapped[str] = mapped_column(Text, default="")
    context_en: Mapped[str] = mapped_column(Text, default="")
    outcome_fr: Mapped[str] = mapped_column(Text, default="")   # what worked or did not
    outcome_en: Mapped[str] = mapped_column(Text, default="")
    recommendation_fr: Mapped[str] = mapped_column(Text, default="")
    recommendation_en: Mapped[str] = mapped_column(Text, default="")
    pillar: Mapped[str | None] = mapped_column(String(20))
    jurisdiction_code: Mapped[str | None] = mapped_column(String(2))  # None: applies across Canada
    population_fr: Mapped[str] = mapped_column(String(300), default="")
    population_en: Mapped[str] = mapped_column(String(300), default="")
    visibility: Mapped[str] = mapped_column(String(20), default=COMMITTEE)
    review_state: Mapped[str] = mapped_column(String(20), default=NOT_PUBLIC, server_default=NOT_PUBLIC, index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    comments = relationship("LessonComment", back_populates="lesson", cascade="all, delete-orphan",
                            order_by="LessonComment.id")

    @property
    def owner_organisation_ids(self) -> set[int]:
        return {self.organisation_id} if self.organisation_id else set()


class LessonComment(db.Model):
    __tablename__ = "search_lesson_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("search_lessons.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lesson = relationship("Lesson", back_populates="comments")
    author = relationship("User", foreign_keys=[author_id])
