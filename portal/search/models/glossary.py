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
    # The language a term is written in when it is not its column's: "en" for an English name French uses as
    # is ("FCJ Refugee Centre"), "fr" for a French name English uses as is. NULL: the column's language.
    term_fr_lang: Mapped[str | None] = mapped_column(String(2))
    term_en_lang: Mapped[str | None] = mapped_column(String(2))
    aliases_fr: Mapped[str] = mapped_column(String(500), default="")   # separated by ';'
    aliases_en: Mapped[str] = mapped_column(String(500), default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    # offence, programme, service, population, organisation, justice, immigration, labour, governance, data, general
    category: Mapped[str] = mapped_column(String(20), default="general", server_default="general")
    source: Mapped[str] = mapped_column(Text, default="", server_default="")   # where each form is attested
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def lang_of(self, lang: str) -> str:
        """The language the term of column `lang` ("fr" or "en") is written in."""
        return getattr(self, f"term_{lang}_lang") or lang
