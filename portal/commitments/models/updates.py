"""Progress updates: draft -> submitted -> published by the secretariat (or sent back with a comment)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...files import StoredFile
from ...i18n import _l
from .commitment import Commitment

UPDATE_STATES = {"draft": _l("Draft"), "submitted": _l("Submitted"), "returned": _l("Sent back"),
                 "published": _l("Published")}


class ProgressUpdate(db.Model):
    __tablename__ = "cm_progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("cm_commitments.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cm_reporting_cycles.id", ondelete="SET NULL"),
                                                 index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    as_of: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    status: Mapped[str] = mapped_column(String(30))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    no_change: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative_fr: Mapped[str] = mapped_column(Text, default="")
    narrative_en: Mapped[str] = mapped_column(Text, default="")
    challenges_fr: Mapped[str] = mapped_column(Text, default="")
    challenges_en: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)  # demo data, shown as such
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    commitment: Mapped[Commitment] = relationship()
    organisation = relationship("Organisation", lazy="joined")
    author = relationship("User", foreign_keys=[author_id])
    evidence: Mapped[list["Evidence"]] = relationship(back_populates="update", cascade="all, delete-orphan",
                                                      order_by="Evidence.id", lazy="selectin")

    @property
    def state_label(self) -> str:
        return str(UPDATE_STATES.get(self.state, self.state))

    @property
    def editable(self) -> bool:
        return self.state in ("draft", "returned")


class Evidence(db.Model):
    """A file (portal.files, served only to those who may see the update) or a link."""

    __tablename__ = "cm_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("cm_progress_updates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # file | link
    label: Mapped[str] = mapped_column(String(300), default="")
    label_lang: Mapped[str | None] = mapped_column(String(2))   # the language it was written in
    url: Mapped[str | None] = mapped_column(String(1000))
    filename: Mapped[str | None] = mapped_column(String(255))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"), index=True)
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    update: Mapped[ProgressUpdate] = relationship(back_populates="evidence")
    file: Mapped[StoredFile | None] = relationship(cascade="all, delete-orphan", single_parent=True)
