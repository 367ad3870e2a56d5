"""Search in PostgreSQL: the same interface as the Whoosh engine (SearchParams -> SearchResult), with the
documents in a table of the database, written in the same transaction as the change they describe.

CONCERTO_SEARCH_ENGINE selects the engine: `postgresql`, `whoosh`, or `auto` (PostgreSQL's own engine when
the database is PostgreSQL, Whoosh on SQLite).
"""
from __future__ import annotations

from flask import current_app, has_app_context


def active(app=None) -> bool:
    """True when search runs in PostgreSQL for this application."""
    if app is None:
        if not has_app_context():
            return False
        app = current_app
    choice = (app.config.get("CONCERTO_SEARCH_ENGINE") or "auto").lower()
    if choice == "whoosh":
        return False
    is_pg = str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql")
    return is_pg and choice in ("postgresql", "auto")
