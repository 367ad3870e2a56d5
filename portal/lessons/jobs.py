"""Saved searches as follows: the query and filters a person saved, as search parameters for what is new.

The follows feature runs them (portal/follows/services/saved.py) as the person, with their permissions, and
turns new results into notifications and digest entries at the person's email rhythm."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl

from ..search.engine import SearchParams
from ..search.forms import SearchForm
from .models import SavedSearch


def saved_search_params(saved: SavedSearch, since: int, per_page: int = 20) -> SearchParams:
    """The saved query and filters, most recent first, only what was (re)indexed after `since`."""
    params = SearchForm(dict(parse_qsl(saved.filters or ""))).to_input(saved.lang)
    return replace(params, q=saved.query, page=1, per_page=per_page, facets=False, suggest=False,
                   highlights=False, sort="recent", since=since)
