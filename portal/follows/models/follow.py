"""A person follows a target: a plan, a commitment, a consultation, a province or territory, an organisation."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...db import UTCDateTime, utcnow
from ...extensions import db

TARGET_TYPES = ("plan", "commitment", "consultation", "province", "organisation")


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "key", name="follows_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60), index=True)   # "plan:3", "province:QC", "organisation:7"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def target_type(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def target_id(self) -> str:
        return self.key.split(":", 1)[1]
