"""Saving a search for the weekly email of what is new, and deleting it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...i18n import _
from ...rules import RuleError
from ..models import SavedSearch


@dataclass
class SavedSearchInput:
    query: str
    filters: str = ""     # the search page's query string minus q and page
    lang: str = "fr"


def save_search(user: Any, data: SavedSearchInput) -> SavedSearch:
    """Save a search (saving the same one twice keeps the first)."""
    query = (data.query or "").strip()
    if not query:
        raise RuleError(field="q", message=_("Type what to search for before saving the search."))
    existing = db.session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.query == query,
                                                           SavedSearch.filters == data.filters))
    if existing is not None:
        return existing
    saved = SavedSearch(user_id=user.id, query=query[:500], filters=data.filters[:1000], lang=data.lang)
    db.session.add(saved)
    db.session.flush()
    audit.record("search.saved", saved, actor=user, summary=query[:200])
    return saved


def delete_saved_search(saved: SavedSearch, *, actor: Any) -> None:
    audit.record("search.saved_deleted", saved, actor=actor, summary=saved.query[:200])
    db.session.delete(saved)
    db.session.flush()

