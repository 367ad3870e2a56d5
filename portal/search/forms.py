"""The search page's form: a GET query string (q, facets, sort, page) read into the engine's SearchParams."""
from __future__ import annotations

from collections.abc import Mapping

from ..guards import page_arg
from .engine import SearchParams

# URL parameter -> index field of each facet.
FACET_PARAMS = {"type": "type", "pillar": "pillar", "province": "jurisdictions", "year": "year",
                "stakeholder": "stakeholder", "language": "langs"}
MAX_PAGE = 200
MAX_QUERY = 300


class SearchForm:
    """What a person asked for, from the page's or the API's query string (or a saved search's filters)."""

    def __init__(self, args: Mapping[str, str]):
        self.args = args

    def to_input(self, lang: str) -> SearchParams:
        args = self.args
        page = min(MAX_PAGE, page_arg(args=args))
        filters = {field: args.get(param, "").strip() for param, field in FACET_PARAMS.items() if args.get(param)}
        return SearchParams(q=(args.get("q") or "").strip()[:MAX_QUERY], lang=lang, filters=filters,
                            sort="recent" if args.get("sort") == "recent" else "relevance", page=page)
