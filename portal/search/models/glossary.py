"""The French-English glossary: search expands a query's terms with it at query time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ...db import UTCDateTime, utcnow
from ...extensions import db


class GlossaryTerm(db.Model):
    """A French-English pair of the field's terms; aliases are other names of the same thing (PST, TRP)."""

    __tablename__ = "search_glossary"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_fr: Mapped[str] = mapped_column(String(200))
    term_en: Mapped[str] = mapped_column(String(200))
    aliases_fr: Mapped[str] = mapped_column(String(500), default="")   # separated by ';'
    aliases_en: Mapped[str] = mapped_column(String(500), default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    # offence, programme, service, population, organisation, justice, immigration, labour, governance, data, general
    category: Mapped[str] = mapped_column(String(20), default="general", server_default="general")
    source: Mapped[str] = mapped_column(Text, default="", server_default="")   # where each form is attested
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
