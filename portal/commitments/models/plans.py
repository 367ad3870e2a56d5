"""A plan (the 2012 National Action Plan, the 2019-2024 National Strategy) with its own pillars,
objectives and status list."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l

# key, English, French, default progress, counts as closed (not overdue, not "active")
DEFAULT_STATUSES = (
    ("not_started", "Not started", "Non commencé", 0, False),
    ("on_track", "On track", "En bonne voie", 50, False),
    ("at_risk", "At risk", "À risque", 40, False),
    ("delayed", "Delayed", "En retard", 25, False),
    ("completed", "Completed", "Terminé", 100, True),
    ("ongoing", "Ongoing", "En continu", 50, False),
    ("cancelled", "Cancelled", "Annulé", 0, True),
)

PLAN_STATES = {"draft": _l("Draft"), "active": _l("Active"), "closed": _l("Closed")}


class Plan(db.Model):
    __tablename__ = "cm_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    pillars: Mapped[list["Pillar"]] = relationship(back_populates="plan", order_by="Pillar.position",
                                                   cascade="all, delete-orphan")
    objectives: Mapped[list["Objective"]] = relationship(back_populates="plan", order_by="Objective.ref",
                                                         cascade="all, delete-orphan")
    statuses: Mapped[list["PlanStatus"]] = relationship(back_populates="plan", order_by="PlanStatus.position",
                                                        cascade="all, delete-orphan", lazy="selectin")

    @property
    def status_label(self) -> str:
        return str(PLAN_STATES.get(self.status, self.status))

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start.year}–{self.period_end.year}"
        return ""

    def status_by_key(self) -> dict[str, "PlanStatus"]:
        return {s.key: s for s in self.statuses}

    def closed_status_keys(self) -> set[str]:
        return {s.key for s in self.statuses if s.is_closed}


class PlanStatus(db.Model):
    """One entry of a plan's status list, with the progress a commitment gets by default in it."""

    __tablename__ = "cm_plan_statuses"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    label_fr: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100))
    default_progress: Mapped[int] = mapped_column(Integer, default=0)
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="statuses")


class Pillar(db.Model):
    __tablename__ = "cm_pillars"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    title_fr: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="pillars")


class Objective(db.Model):
    __tablename__ = "cm_objectives"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("cm_pillars.id", ondelete="SET NULL"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    title_fr: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="objectives")
    pillar: Mapped[Pillar | None] = relationship()
