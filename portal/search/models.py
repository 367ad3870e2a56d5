"""Lessons learned, evaluation findings, the French-English glossary and saved searches."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..i18n import _l
from ..permissions import COMMITTEE, INTERNAL, PUBLIC, SECRETARIAT

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

FINDING_KINDS = {
    "finding": _l("Finding"),
    "conclusion": _l("Conclusion"),
    "recommendation": _l("Recommendation"),
    "action": _l("Management action"),
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


class EvaluationFinding(db.Model):
    __tablename__ = "search_evaluation_findings"
    __table_args__ = (UniqueConstraint("evaluation", "code", name="search_findings_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation: Mapped[str] = mapped_column(String(40))      # e.g. "2016-2017"
    code: Mapped[str] = mapped_column(String(20))            # e.g. "F4", "R2"
    kind: Mapped[str] = mapped_column(String(20), default="finding")
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    pillar: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    visibility: Mapped[str] = mapped_column(String(20), default=PUBLIC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GlossaryTerm(db.Model):
    """A French-English pair of the field's terms; aliases are other names of the same thing (PST, TRP)."""

    __tablename__ = "search_glossary"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_fr: Mapped[str] = mapped_column(String(200))
    term_en: Mapped[str] = mapped_column(String(200))
    aliases_fr: Mapped[str] = mapped_column(String(500), default="")   # separated by ';'
    aliases_en: Mapped[str] = mapped_column(String(500), default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def forms(self, lang: str) -> list[str]:
        term = self.term_fr if lang == "fr" else self.term_en
        aliases = self.aliases_fr if lang == "fr" else self.aliases_en
        return [term] + [a.strip() for a in (aliases or "").split(";") if a.strip()]


class SavedSearch(db.Model):
    __tablename__ = "search_saved"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    query: Mapped[str] = mapped_column(String(500))
    filters: Mapped[str] = mapped_column(String(1000), default="")   # the page's query string minus q/page
    lang: Mapped[str] = mapped_column(String(2), default="fr")
    weekly: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
