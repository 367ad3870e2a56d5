"""A finding, conclusion, recommendation or management action of an evaluation (seeds 003)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from ...permissions import PUBLIC

FINDING_KINDS = {
    "finding": _l("Finding"),
    "conclusion": _l("Conclusion"),
    "recommendation": _l("Recommendation"),
    "action": _l("Management action"),
}


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
