"""What a search may show, decided inside the query: the per-user filter every search starts from.

A person sees a document when its visibility is one of their levels, or when their organisation is among its
owner organisations. Matching, totals, facet counts, ranking, snippets and suggestions are all computed from
the documents this filter allows, never from the whole index."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.query import Or, Query, Term

from ..permissions import visibility_levels
from .index import IndexHolder, segment_docs


@dataclass(frozen=True)
class Scope:
    levels: frozenset[str]
    org_id: int | None


def scope_for(user: Any) -> Scope:
    org_id = user.organisation_id if getattr(user, "is_authenticated", False) else None
    return Scope(frozenset(visibility_levels(user)), org_id)


def permission_filter(levels: set[str] | frozenset[str], org_id: int | None) -> Query:
    terms = [Term("visibility", v) for v in sorted(levels)]
    if org_id:
        terms.append(Term("owner_orgs", str(org_id)))
    return Or(terms)


def allowed_docs(h: IndexHolder, searcher, levels: set[str] | frozenset[str], org_id: int | None) -> set[int]:
    """The doc numbers a user may see, cached per searcher generation and permission scope."""
    key = ("perm", tuple(sorted(levels)), org_id)
    return h.cached(searcher, key, lambda: segment_docs(h, searcher, permission_filter(levels, org_id)))
