from __future__ import annotations

from portal.permissions import visibility_levels
from portal.search.documents import SearchDocument
from portal.search.engine import SearchParams, search
from portal.search.glossary import load_glossary


def doc(doc_type="submission", obj_id=1, visibility="public", **kw) -> SearchDocument:
    kw.setdefault("endpoint", "lessons.index")
    return SearchDocument(doc_type=doc_type, obj_id=obj_id, visibility=visibility, **kw)


def run(user, q, lang="en", **kw):
    org_id = getattr(user, "organisation_id", None) if user is not None else None
    levels = visibility_levels(user) if user is not None else {"public"}
    return search(SearchParams(q=q, lang=lang, **kw), levels, org_id, load_glossary())
