"""A commitment of a plan (a task or one of its deliverables, to any depth), its partners, the
jurisdictions it names, and its history."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from .plans import Objective, Pillar, Plan

PARTNER_ROLES = {"co_lead": _l("Co-lead"), "support": _l("Support"), "consulted": _l("Consulted")}
VISIBILITIES = {"public": _l("Public"), "internal": _l("Internal")}


class Commitment(db.Model):
    __tablename__ = "cm_commitments"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("cm_pillars.id", ondelete="SET NULL"), index=True)
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("cm_objectives.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True)  # "0001.0011.0002": natural order
    title_fr: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    lead_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_kind: Mapped[str | None] = mapped_column(String(12))          # date | fiscal_year | ongoing
    due_date: Mapped[date | None] = mapped_column(Date, index=True)    # for a fiscal year: its 31 March
    due_fiscal_year: Mapped[str | None] = mapped_column(String(9))
    status: Mapped[str] = mapped_column(String(30), default="not_started", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=1)           # share in the parent's roll-up
    visibility: Mapped[str] = mapped_column(String(20), default="public", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship()
    pillar: Mapped[Pillar | None] = relationship()
    objective: Mapped[Objective | None] = relationship()
    parent: Mapped["Commitment | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Commitment"]] = relationship(back_populates="parent", order_by="Commitment.sort_key",
                                                        cascade="all, delete-orphan")
    lead_organisation = relationship("Organisation", foreign_keys=[lead_organisation_id])
    partners: Mapped[list["CommitmentPartner"]] = relationship(back_populates="commitment",
                                                               cascade="all, delete-orphan", lazy="selectin")
    jurisdiction_rows: Mapped[list["CommitmentJurisdiction"]] = relationship(cascade="all, delete-orphan",
                                                                            lazy="selectin")

    @property
    def owner_organisation_ids(self) -> set[int]:
        """The lead organisation and the co-leads: those who may edit and report on it."""
        ids = {self.lead_organisation_id}
        ids.update(p.organisation_id for p in self.partners if p.role == "co_lead")
        return ids

    @property
    def jurisdictions(self) -> list[str]:
        return sorted(r.code for r in self.jurisdiction_rows)

    @property
    def due_value(self) -> str:
        """The due date as the import file writes it."""
        if self.due_kind == "ongoing":
            return "ongoing"
        if self.due_kind == "fiscal_year":
            return self.due_fiscal_year or ""
        return self.due_date.isoformat() if self.due_date else ""

    def is_overdue(self, today: date, closed: set[str]) -> bool:
        return bool(self.due_date and self.due_kind != "ongoing" and self.due_date < today
                    and self.status not in closed)

    def ancestors(self) -> list["Commitment"]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def __repr__(self) -> str:
        return f"<Commitment {self.ref}>"


class CommitmentPartner(db.Model):
    __tablename__ = "cm_commitment_partners"
    __table_args__ = (UniqueConstraint("commitment_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="support")

    commitment: Mapped[Commitment] = relationship(back_populates="partners")
    organisation = relationship("Organisation", lazy="joined")

    @property
    def role_label(self) -> str:
        return str(PARTNER_ROLES.get(self.role, self.role))


class CommitmentJurisdiction(db.Model):
    __tablename__ = "cm_commitment_jurisdictions"
    __table_args__ = (UniqueConstraint("commitment_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(2), index=True)


class CommitmentEvent(db.Model):
    """The commitment's own history. The public sees what changed, when and which organisation did it;
    the person (user_id) is kept for the secretariat only. The audit log keeps everything besides."""

    __tablename__ = "cm_commitment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40))  # created, updated, imported, update_published, spending, indicator
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changes: Mapped[dict | None] = mapped_column(JSON)
    public: Mapped[bool] = mapped_column(default=True)
    update_id: Mapped[int | None] = mapped_column(Integer)

    organisation = relationship("Organisation", lazy="joined")
    user = relationship("User")
