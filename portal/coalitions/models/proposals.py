from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db


class ChangeProposal(db.Model):
    """Field values an organisation proposes for one of its records; a reviewer approves (applied) or
    rejects it with a reason. `base` keeps the values seen when proposing, to show what changed since."""

    __tablename__ = "directory_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20), index=True)
    record_id: Mapped[int | None] = mapped_column(Integer, index=True)  # None: a proposed new record
    jurisdiction_code: Mapped[str | None] = mapped_column(String(2), index=True)
    proposed: Mapped[dict] = mapped_column(JSON, default=dict)
    base: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposed_by = relationship("User", foreign_keys=[proposed_by_id], lazy="joined")
    proposed_by_org = relationship("Organisation", foreign_keys=[proposed_by_org_id], lazy="joined")
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id], lazy="joined")

    @property
    def is_new_record(self) -> bool:
        # A change to a record keeps the values it replaces; a proposed new record has none.
        return not self.base

    @property
    def proposed_title(self) -> str:
        from ...i18n import current_lang

        fields = ("name", "title")
        lang = current_lang()
        for f in fields:
            for key in (f"{f}_{lang}", f"{f}_fr", f"{f}_en"):
                if self.proposed.get(key):
                    return self.proposed[key]
        return ""

    @property
    def owner_organisation_ids(self) -> set[int]:
        return {self.proposed_by_org_id} if self.proposed_by_org_id else set()
