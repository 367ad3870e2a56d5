"""Reads shared by the search page, the API and other features' jobs: one search for one person, the glossary."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from ..extensions import db
from . import engine
from .access import scope_for
from .glossary import default_entries, load_glossary
from .models import GlossaryTerm


def run_search(params: engine.SearchParams, user: Any) -> engine.SearchResult:
    """Search as `user`: what they may see is decided inside the query (see access.py)."""
    scope = scope_for(user)
    return engine.search(params, scope.levels, scope.org_id, load_glossary())


@dataclass(frozen=True)
class GlossaryEntry:
    """A built-in pair of terms, shown while the glossary table is still empty."""
    term_fr: str
    term_en: str
    aliases_fr: str = ""
    aliases_en: str = ""
    category: str = "general"
    source: str = ""
    term_fr_lang: str | None = None
    term_en_lang: str | None = None

    def lang_of(self, lang: str) -> str:
        return getattr(self, f"term_{lang}_lang") or lang


def glossary_terms(category: str | None = None, text: str | None = None) -> list[GlossaryTerm]:
    """The glossary's pairs, of one category and/or containing `text` in a term, an alias or the note."""
    stmt = select(GlossaryTerm).order_by(func.lower(GlossaryTerm.term_fr))
    if category:
        stmt = stmt.where(GlossaryTerm.category == category)
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(or_(*(func.lower(col).like(like) for col in (
            GlossaryTerm.term_fr, GlossaryTerm.term_en, GlossaryTerm.aliases_fr, GlossaryTerm.aliases_en))))
    return list(db.session.scalars(stmt))


def glossary_counts() -> dict[str, int]:
    """How many pairs each category holds."""
    stmt = select(GlossaryTerm.category, func.count()).group_by(GlossaryTerm.category)
    return {category: n for category, n in db.session.execute(stmt)}


def builtin_glossary(category: str | None = None, text: str | None = None) -> list[GlossaryEntry]:
    entries = [GlossaryEntry(r["term_fr"], r["term_en"], r.get("aliases_fr", ""), r.get("aliases_en", ""),
                             r.get("category") or "general", r.get("source", ""), r.get("term_fr_lang"),
                             r.get("term_en_lang")) for r in default_entries()]
    needle = (text or "").lower()
    return [e for e in entries if (not category or e.category == category)
            and (not needle or any(needle in v.lower() for v in (e.term_fr, e.term_en, e.aliases_fr, e.aliases_en)))]
