"""'Did you mean' in PostgreSQL: a typed word that no document the person may see contains is replaced by
the closest word of the documents of their visibility levels (search_words), and the corrected query is
offered only if it finds something they may see. Nothing of a hidden document can surface: the words come
from the person's own levels, and each candidate is counted over their permitted documents only."""
from __future__ import annotations

from sqlalchemy import text

from ...extensions import db
from ..analysis import fold
from ..query import Glossary, Unit

KNOWN = text("SELECT 1 FROM search_words WHERE level = ANY(CAST(:levels AS text[])) AND word = :w LIMIT 1")
NEAR = text("SELECT DISTINCT word FROM search_words WHERE level = ANY(CAST(:levels AS text[]))"
            " AND word >= :lo AND word < :hi AND length(word) BETWEEN :shortest AND :longest")
PERMITTED = text(
    "SELECT count(*) FROM search_entries WHERE (tsv_fr @@ plainto_tsquery('concerto_fr', :w)"
    " OR tsv_en @@ plainto_tsquery('concerto_en', :w))"
    " AND (visibility = ANY(CAST(:levels AS text[])) OR owner_orgs LIKE :org)")
MAX_CANDIDATES = 10


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _best(w: str, levels: list[str], org: str) -> str | None:
    rows = db.session.execute(NEAR, {"levels": levels, "lo": w[0], "hi": chr(ord(w[0]) + 1),
                                     "shortest": len(w) - 2, "longest": len(w) + 2}).scalars().all()
    for maxdist in ((1, 2) if len(w) >= 6 else (1,)):
        near = sorted(c for c in rows if distance(w, c, maxdist) <= maxdist)[:MAX_CANDIDATES]
        counted = [(db.session.execute(PERMITTED, {"w": c, "levels": levels, "org": org}).scalar(), c)
                   for c in near]
        counted = [(n, c) for n, c in counted if n]
        if counted:
            return max(counted, key=lambda x: (x[0], [-ord(ch) for ch in x[1]]))[1]
    return None


def suggest(units: list[Unit], lang: str, levels: set[str], org_id: int | None,
            glossary: Glossary | None, search, params_type) -> str | None:
    """`search` and `params_type` are the engine's (passed in, so this module does not import it back)."""
    SearchParams = params_type

    lv = sorted(levels) or ["-"]
    org = f"%,{org_id},%" if org_id else "-"
    words, changed = [], False
    for u in units:
        if u.kind != "word":
            words.append(f'"{u.text}"' if u.kind == "phrase" else (u.text + "*" if u.kind == "prefix" else u.text))
            continue
        w = fold(u.text)
        if len(w) < 4 or not w.isalpha() or db.session.execute(KNOWN, {"levels": lv, "w": w}).first():
            words.append(u.text)
            continue
        best = _best(w, lv, org)
        words.append(best or u.text)
        changed = changed or bool(best)
    if not changed:
        return None
    suggestion = " ".join(words)
    found = search(SearchParams(q=suggestion, lang=lang, facets=False, highlights=False, suggest=False,
                                per_page=1), levels, org_id, glossary)
    return suggestion if found.total else None
