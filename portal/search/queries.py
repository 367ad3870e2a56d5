"""Reads shared by the search page, the API and other features' jobs: one search for one person, the glossary."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

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


def glossary_terms() -> list[GlossaryTerm]:
    return list(db.session.scalars(select(GlossaryTerm).order_by(func.lower(GlossaryTerm.term_fr))))


def builtin_glossary() -> list[GlossaryEntry]:
    return [GlossaryEntry(r["term_fr"], r["term_en"], r.get("aliases_fr", ""), r.get("aliases_en", ""))
            for r in default_entries()]
