"""A plan (the 2012 National Action Plan, the 2019-2024 National Strategy) with its own pillars,
objectives and status list."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l

# key, English, French, default progress, counts as closed (not overdue, not "active"), colour, needs attention
DEFAULT_STATUSES = (
    ("not_started", "Not started", "Non commencé", 0, False, "grey", False),
    ("on_track", "On track", "En bonne voie", 50, False, "green", False),
    ("at_risk", "At risk", "À risque", 40, False, "amber", True),
    ("delayed", "Delayed", "En retard", 25, False, "red", True),
    ("completed", "Completed", "Terminé", 100, True, "blue", False),
    ("ongoing", "Ongoing", "En continu", 50, False, "teal", False),
    ("cancelled", "Cancelled", "Annulé", 0, True, "grey", False),
)

# The colours a status may have: (name, text colour, background). Every pair reaches at least 4.5:1 (WCAG AA,
# checked by tests/commitments/test_statuses.py), and the status's label is always written in the badge:
# the colour only repeats what the words say.
STATUS_COLOURS = {
    "grey": (_l("Grey"), "#3d3d3d", "#f0f0f0"),
    "blue": (_l("Blue"), "#1d4f91", "#e8f1fb"),
    "green": (_l("Green"), "#1e6b00", "#e6f5e0"),
    "amber": (_l("Amber"), "#7a4f00", "#fff3d6"),
    "red": (_l("Red"), "#b00020", "#fde8ea"),
    "purple": (_l("Purple"), "#5b2a86", "#f1e9f9"),
    "teal": (_l("Teal"), "#00635a", "#e0f4f1"),
}
# Colour names a French settings text may use.
COLOUR_ALIASES = {"gris": "grey", "gray": "grey", "bleu": "blue", "vert": "green", "ambre": "amber",
                  "orange": "amber", "rouge": "red", "violet": "purple", "mauve": "purple", "sarcelle": "teal"}

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

    def attention_status_keys(self) -> list[str]:
        """The statuses flagged "needs attention" (the dashboard counts and lists them), in the list's order."""
        return [s.key for s in self.statuses if s.needs_attention]


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
    colour: Mapped[str] = mapped_column(String(20), default="grey", server_default="grey")
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

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
