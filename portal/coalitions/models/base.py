"""What every directory record shares: a province or territory (None = national), an owner organisation,
publication, and when someone last confirmed it is still right."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ...db import UTCDateTime, utcnow


class DirectoryRecord:
    record_type: str = ""
    # Fields an edit form, an import row or a change proposal may set, in display order.
    EDITABLE: tuple[str, ...] = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_code: Mapped[str | None] = mapped_column(String(2), index=True)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    notes_fr: Mapped[str] = mapped_column(Text, default="")
    notes_en: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)  # demo data, marked as such on every page
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    @declared_attr
    def owner_organisation_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def last_confirmed_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def owner_organisation(cls):
        return relationship("Organisation", foreign_keys=[cls.owner_organisation_id], lazy="joined")

    @property
    def owner_organisation_ids(self) -> set[int]:
        return {self.owner_organisation_id} if self.owner_organisation_id else set()

    @property
    def is_stale(self) -> bool:
        """Not confirmed for over a year: the scheduler asks the owner to look at it again."""
        return self.last_confirmed_at is None or (utcnow() - self.last_confirmed_at).days > 365

    @property
    def is_public(self) -> bool:
        return bool(self.published)

    @property
    def visibility(self) -> str:
        return "public" if self.is_public else "internal"
