"""What a search asks and answers, shared by both engines (Whoosh in engine.py, PostgreSQL in pg/)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

FACETS = ("type", "pillar", "jurisdictions", "year", "stakeholder", "langs")
PER_PAGE = 10


@dataclass
class SearchParams:
    q: str = ""
    lang: str = "fr"
    filters: dict[str, str] = field(default_factory=dict)   # facet field -> selected value
    sort: str = "relevance"                                   # relevance | recent
    page: int = 1
    per_page: int = PER_PAGE
    facets: bool = True
    highlights: bool = True
    suggest: bool = True
    since: int | None = None                                  # only documents (re)indexed after (epoch s)


@dataclass
class Hit:
    doc_id: str
    type: str
    obj_id: int
    endpoint: str
    url_args: dict
    title: str
    title_lang: str
    snippet: Markup
    snippet_lang: str
    score: float
    date: date | None
    langs: list[str]
    pillar: str
    jurisdictions: list[str]
    visibility: str = "public"   # for the audit of confidential reads (portal.audit.record_read)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    units: list
    timings: dict = field(default_factory=dict)   # seconds per stage, for profiling and the benchmark
    broad_prefixes: list[str] = field(default_factory=list)  # prefixes that start more words than are searched
