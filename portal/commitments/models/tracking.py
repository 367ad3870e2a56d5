"""Reporting cycles, spending by fiscal year, and indicators with their measurements."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from .commitment import Commitment
from .plans import Objective, Plan

FUNDING_SOURCES = {"dedicated": _l("Dedicated funding"), "existing": _l("Existing resources")}
INDICATOR_LEVELS = {"output": _l("Output"), "immediate": _l("Immediate outcome"),
                    "intermediate": _l("Intermediate outcome"), "ultimate": _l("Ultimate outcome")}


class ReportingCycle(db.Model):
    __tablename__ = "cm_reporting_cycles"
    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))        # "2025-2026 Q3"
    name_lang: Mapped[str | None] = mapped_column(String(2))   # the language it was named in
    opens_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship()


class Spending(db.Model):
    """Planned and actual amounts of one commitment in one federal fiscal year (April to March)."""

    __tablename__ = "cm_spending"
    __table_args__ = (UniqueConstraint("commitment_id", "fiscal_year", "funding_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[str] = mapped_column(String(9), index=True)
    planned: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)
    actual: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str] = mapped_column(String(20), default="dedicated")
    variance_reason: Mapped[str] = mapped_column(Text, default="")
    variance_reason_lang: Mapped[str | None] = mapped_column(String(2))   # the language it was written in
    note_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    note_en: Mapped[str] = mapped_column(String(300), default="", server_default="")

    commitment: Mapped[Commitment] = relationship()

    @property
    def source_label(self) -> str:
        return str(FUNDING_SOURCES.get(self.funding_source, self.funding_source))


class Indicator(db.Model):
    __tablename__ = "cm_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("cm_objectives.id", ondelete="CASCADE"), index=True)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[str] = mapped_column(String(20), default="output")
    unit_fr: Mapped[str] = mapped_column(String(60), default="", server_default="")
    unit_en: Mapped[str] = mapped_column(String(60), default="", server_default="")
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    objective: Mapped[Objective | None] = relationship()
    measurements: Mapped[list["Measurement"]] = relationship(back_populates="indicator", cascade="all, delete-orphan",
                                                             order_by="Measurement.measured_on", lazy="selectin")

    @property
    def level_label(self) -> str:
        return str(INDICATOR_LEVELS.get(self.level, self.level))

    @property
    def latest(self) -> "Measurement | None":
        return self.measurements[-1] if self.measurements else None


class Measurement(db.Model):
    __tablename__ = "cm_measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("cm_indicators.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(String(300), default="")
    note_lang: Mapped[str | None] = mapped_column(String(2))   # the language it was written in

    indicator: Mapped[Indicator] = relationship(back_populates="measurements")
