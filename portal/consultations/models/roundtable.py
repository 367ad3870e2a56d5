"""Roundtables: a meeting's record (where, when, who by category), key points, documents, evaluation."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...permissions import PUBLIC
from .consultation import Consultation, StakeholderCategory


class Roundtable(db.Model):
    __tablename__ = "roundtables"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="SET NULL"),
                                                        index=True)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    jurisdiction_code: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120), default="")
    held_on: Mapped[date | None] = mapped_column(Date)
    organiser_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    organiser_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    format_fr: Mapped[str] = mapped_column(String(300), default="")
    format_en: Mapped[str] = mapped_column(String(300), default="")
    chatham_house: Mapped[bool] = mapped_column(Boolean, default=False)
    summary_fr: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    evaluation_note_fr: Mapped[str] = mapped_column(Text, default="")
    evaluation_note_en: Mapped[str] = mapped_column(Text, default="")
    submissions_open: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    key_points: Mapped[list["KeyPoint"]] = relationship(back_populates="roundtable", order_by="KeyPoint.position",
                                                        cascade="all, delete-orphan")
    attendance: Mapped[list["Attendance"]] = relationship(back_populates="roundtable", cascade="all, delete-orphan")
    evaluation: Mapped[list["EvaluationResult"]] = relationship(order_by="EvaluationResult.position",
                                                                cascade="all, delete-orphan")

    @property
    def visibility(self) -> str:
        """A roundtable of a consultation is read by that consultation's audience (and not while it is a draft)."""
        return self.consultation.visibility if self.consultation is not None else PUBLIC

    @property
    def owner_organisation_ids(self) -> set[int]:
        return self.consultation.owner_organisation_ids if self.consultation is not None else set()

    @property
    def attendance_total(self) -> int:
        return sum(a.count for a in self.attendance)


class Attendance(db.Model):
    __tablename__ = "roundtable_attendance"
    __table_args__ = (UniqueConstraint("roundtable_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtables.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_categories.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column(Integer, default=0)

    roundtable: Mapped[Roundtable] = relationship(back_populates="attendance")
    category: Mapped[StakeholderCategory] = relationship(lazy="joined")


class KeyPoint(db.Model):
    __tablename__ = "roundtable_key_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtables.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading_fr: Mapped[str] = mapped_column(String(200), default="")   # e.g. the region it came from
    heading_en: Mapped[str] = mapped_column(String(200), default="")
    text_fr: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")

    roundtable: Mapped[Roundtable] = relationship(back_populates="key_points")

    @property
    def visibility(self) -> str:
        return self.roundtable.visibility


class EvaluationResult(db.Model):
    """One agree-disagree statement of a participant evaluation, as the share who agreed."""
    __tablename__ = "roundtable_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtables.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement_fr: Mapped[str] = mapped_column(Text, default="")
    statement_en: Mapped[str] = mapped_column(Text, default="")
    agree_share: Mapped[float] = mapped_column(Float)     # 0..1: agree or strongly agree
