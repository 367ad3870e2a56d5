"""Run a search for one user: permissions inside the query, facets, highlights, "did you mean".

Everything a user gets back (hits, snippets, totals, facet counts, suggestions) is computed from the
documents their permission filter allows, never from the whole index: BM25's statistics (document count,
document frequency, average field length) are those of the user's audience (`_Audience`), and a prefix
expands only to words found in documents the user may see, the most frequent first; when more words than
MAX_PREFIX_TERMS start with it, the result says so (`broad_prefixes`) instead of dropping matches silently.
A document someone may not see changes nothing they see: not the results, their order, totals or facets.
"""
from __future__ import annotations

import heapq
import json
import math
import time
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from whoosh.query import And, NumericRange, Or, Prefix, Term

from . import highlight, pg
from .analysis import fold
from .access import allowed_docs
from .index import IndexHolder, holder, segment_docs, segment_tf
from .query import TIER_ALL_CROSS, TIER_ALL_SAME, Glossary, Plan, build_query, parse, plan_query
from .schema import SPELL_FIELDS

from .results import FACETS, PER_PAGE, Hit, SearchParams, SearchResult  # noqa: F401  (re-exported)


def _facet_docs(h: IndexHolder, searcher, fieldname: str) -> dict[str, set[int]]:
    def compute():
        reader = searcher.reader()
        out = {}
        for value in reader.lexicon(fieldname):
            value = value.decode("utf-8") if isinstance(value, bytes) else value
            if value:
                out[value] = segment_docs(h, searcher, Term(fieldname, value))
        return out

    return h.cached(searcher, ("facet", fieldname), compute)


def _suggest(searcher, q: str, units, levels: set[str], allowed: set[int], lang: str,
             glossary: Glossary) -> str | None:
    """A corrected query whose words exist in the vocabulary of what this user may see, and finds something."""
    fields = [SPELL_FIELDS[lv] for lv in sorted(levels) if lv in SPELL_FIELDS]
    reader = searcher.reader()
    changed = False
    words = []
    for u in units:
        if u.kind != "word":
            words.append(f'"{u.text}"' if u.kind == "phrase" else (u.text + "*" if u.kind == "prefix" else u.text))
            continue
        w = fold(u.text)
        if len(w) < 4 or not w.isalpha() or any(reader.doc_frequency(f, w) for f in fields):
            words.append(u.text)
            continue
        best = None
        for maxdist in ((1, 2) if len(w) >= 6 else (1,)):
            cands = {}
            for f in fields:
                for cand in reader.terms_within(f, w, maxdist, prefix=1):
                    cands[cand] = cands.get(cand, 0) + reader.doc_frequency(f, cand)
            if cands:
                best = max(sorted(cands), key=lambda c: cands[c])
                break
        if best:
            words.append(best)
            changed = True
        else:
            words.append(u.text)
    if not changed:
        return None
    suggestion = " ".join(words)
    query, _units = build_query(suggestion, lang, glossary)
    found = set(searcher.docs_for_query(query)) & allowed
    return suggestion if found else None


@dataclass
class _Audience:
    """The documents one user may see (`key`: their permission scope); statistics come from these alone."""
    allowed: set[int]
    key: tuple
    broad: set[str] = field(default_factory=set)


def _docs(h: IndexHolder, searcher, q, aud: _Audience) -> set[int]:
    """Documents matching a unit's query (deleted ones may be in it: callers intersect with live sets).
    Terms, prefixes, Or and And are set algebra over cached postings; phrases go through Whoosh."""
    return h.cached_query(searcher, ("docs", q, aud.key), lambda: _compute_docs(h, searcher, q, aud))


def _compute_docs(h: IndexHolder, searcher, q, aud: _Audience) -> set[int]:
    if isinstance(q, Term):
        return set(_term_tf(h, searcher, q.fieldname, q.text))
    if isinstance(q, Prefix):
        out: set[int] = set()
        for t in _expansion(h, searcher, q.fieldname, q.text, aud)[0]:
            out |= _term_tf(h, searcher, q.fieldname, t).keys()
        return out
    if isinstance(q, Or):
        out = set()
        for child in q.subqueries:
            out |= _docs(h, searcher, child, aud)
        return out
    if isinstance(q, And):
        return _intersection([_docs(h, searcher, child, aud) for child in q.subqueries])
    return set(segment_docs(h, searcher, q))


def _expansion(h: IndexHolder, searcher, fieldname: str, prefix: str, aud: _Audience) -> tuple[list[str], bool]:
    """The words starting with `prefix` found in documents the audience may see, at most MAX_PREFIX_TERMS
    (the most frequent among those documents), and whether there were more."""
    def compute():
        found: list[tuple[int, str]] = []
        for n, t in enumerate(searcher.reader().expand_prefix(fieldname, prefix)):
            if n >= MAX_PREFIX_SCAN:
                break
            word = t.decode() if isinstance(t, bytes) else t
            df = sum(1 for d in _term_tf(h, searcher, fieldname, word) if d in aud.allowed)
            if df:
                found.append((-df, word))
        found.sort()
        return [w for _df, w in found[:MAX_PREFIX_TERMS]], len(found) > MAX_PREFIX_TERMS

    return h.cached_query(searcher, ("expand", fieldname, prefix, aud.key), compute)


def _prefixes(q):
    if isinstance(q, Prefix):
        yield q
    for child in getattr(q, "subqueries", ()) or ():
        yield from _prefixes(child)


def _intersection(sets: list[set[int]]) -> set[int]:
    if not sets:
        return set()
    out = min(sets, key=len)
    for x in sets:
        if x is not out:
            out = out & x
    return set(out)


K1, B = 1.2, 0.75   # BM25F parameters (Whoosh's defaults)
MAX_PREFIX_TERMS = 64       # words a prefix expands to (the most frequent in what the user may see)
MAX_PREFIX_SCAN = 5000      # words of the vocabulary looked at for one prefix


def _term_tf(h: IndexHolder, searcher, field: str, text: str) -> dict[int, float]:
    return h.cached_query(searcher, ("tf", field, text), lambda: segment_tf(h, searcher, field, text))


def _lengths(h: IndexHolder, searcher, field: str) -> dict[int, int]:
    return h.cached(searcher, ("len", field), dict)


def _avgdl(h: IndexHolder, searcher, field: str, aud: _Audience) -> float:
    """The average length of `field` over the audience's documents."""
    def compute():
        reader, lengths = searcher.reader(), _lengths(h, searcher, field)
        total = 0
        for d in aud.allowed:
            dl = lengths.get(d)
            if dl is None:
                dl = reader.doc_field_length(d, field, 1)
                if dl is not None:
                    lengths[d] = dl
            total += dl or 0
        return [total / len(aud.allowed) if aud.allowed and total else 1.0]

    return h.cached(searcher, ("avgdl", field, aud.key), compute)[0]


def _idf(tf: dict[int, float], aud: _Audience) -> float:
    """Whoosh's idf, log(N / (df + 1)) + 1, with N and df counted in the audience's documents."""
    df = sum(1 for d in tf if d in aud.allowed)
    return math.log(max(len(aud.allowed), 1) / (df + 1)) + 1


def _bm25(h: IndexHolder, searcher, plan: Plan, which: str, docs: set[int], k: int,
          aud: _Audience) -> list[tuple[int, float]]:
    """Top k of `docs` by BM25F of the plan's terms, scoring only those documents.

    Whoosh's collector scores every posting of every term and only then applies a filter; scoring the
    tier's documents from cached per-term frequencies is what keeps a search under the latency aim."""
    reader = searcher.reader()
    terms: list[tuple[str, str, float]] = []
    for (field, text), boost in plan.term_weights(which).items():
        if text.endswith("*"):
            terms.extend((field, t, boost) for t in _expansion(h, searcher, field, text[:-1], aud)[0])
        else:
            terms.append((field, text, boost))
    scores: dict[int, float] = {}
    for field, text, boost in terms:
        tf = _term_tf(h, searcher, field, text)
        if not tf:
            continue
        weight = _idf(tf, aud) * boost
        avgdl = _avgdl(h, searcher, field, aud)
        lengths = _lengths(h, searcher, field)
        candidates = docs.intersection(tf) if len(docs) < len(tf) else [d for d in tf if d in docs]
        for d in candidates:
            dl = lengths.get(d)
            if dl is None:
                dl = lengths[d] = reader.doc_field_length(d, field, 1)
            f = tf[d]
            scores[d] = scores.get(d, 0.0) + weight * f * (K1 + 1) / (f + K1 * (1 - B + B * dl / avgdl))
    ranked = heapq.nlargest(k, scores.items(), key=lambda x: (x[1], -x[0]))
    if len(ranked) < min(k, len(docs)):  # documents matched by a phrase only through another form
        seen = {d for d, _s in ranked}
        ranked += [(d, 0.0) for d in sorted(docs - seen)][: k - len(ranked)]
    return ranked


def _rank(h: IndexHolder, searcher, plan: Plan, tiers: list[tuple[set[int], float, str]], start: int,
          count: int, aud: _Audience) -> list[tuple[int, float]]:
    """The page [start, start+count): tier by tier (all units in the query's language, then through the
    other language, then the rest), BM25F within a tier."""
    page: list[tuple[int, float]] = []
    skip = start
    for docs, bonus, which in tiers:
        if not docs:
            continue
        if skip >= len(docs):
            skip -= len(docs)
            continue
        want = skip + count - len(page)
        ranked = [(d, bonus + sc) for d, sc in _bm25(h, searcher, plan, which, docs, want, aud)]
        page.extend(ranked[skip:want])
        skip = 0
        if len(page) >= count:
            break
    return page[:count]


def _recent(searcher, docs: set[int], start: int, count: int) -> list[tuple[int, float]]:
    col = searcher.reader().column_reader("date")
    ordered = sorted(docs, key=lambda d: (-(col[d] or 0), d))
    return [(d, 0.0) for d in ordered[start:start + count]]


def _match(h: IndexHolder, searcher, plan: Plan, q: str, aud: _Audience) -> tuple[set[int], set[int], set[int]]:
    """The allowed documents matching the query, and the two tiers: every unit matched in the query's
    language, every unit matched through the other language."""
    allowed = aud.allowed
    if plan.empty:
        return (set(allowed) if not parse(q) else set()), set(), set()
    same = [_docs(h, searcher, x, aud) if x is not None else None for x in plan.same]
    cross = [_docs(h, searcher, x, aud) if x is not None else None for x in plan.cross]
    for x in plan.same + plan.cross:
        for p in _prefixes(x) if x is not None else ():
            if _expansion(h, searcher, p.fieldname, p.text, aud)[1]:
                aud.broad.add(p.text)
    matched = set().union(*[x for x in same + cross if x is not None]) & allowed
    t1 = _intersection(same) if all(x is not None for x in same) else set()
    t2 = _intersection(cross) if all(x is not None for x in cross) else set()
    return matched, t1, t2


def _facet_counts(matched: set[int], selected: dict[str, str],
                  facet_sets: dict[str, dict[str, set[int]]]) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {}
    for f in FACETS:
        base = matched
        for other, v in selected.items():   # counts of a facet ignore its own selection
            if other != f:
                base = base & facet_sets[other].get(v, set())
        counts = [(value, len(base & docs)) for value, docs in facet_sets[f].items()]
        facets[f] = sorted([(v, n) for v, n in counts if n], key=lambda x: (-x[1], x[0]))
    return facets


def _hit(fields: dict, params: SearchParams, score: float, words: dict) -> Hit:
    other = "en" if params.lang == "fr" else "fr"
    title_lang = params.lang if fields.get(f"title_{params.lang}") else other
    if params.highlights:
        snippet, snippet_lang = highlight.snippet(fields, params.lang, words)
    else:
        snippet, snippet_lang = Markup(""), params.lang
    d = fields.get("date") or 0
    return Hit(
        doc_id=fields["id"], type=fields["type"], obj_id=fields["obj_id"], endpoint=fields["endpoint"],
        url_args=json.loads(fields.get("url_args") or "{}"), title=fields.get(f"title_{title_lang}") or "",
        title_lang=title_lang, snippet=snippet, snippet_lang=snippet_lang, score=round(score, 3),
        date=date.fromordinal(d) if d else None, langs=[x for x in (fields.get("langs") or "").split(",") if x],
        pillar=fields.get("pillar") or "", visibility=fields.get("visibility") or "public",
        jurisdictions=[x for x in (fields.get("jurisdictions") or "").split(",") if x])


def _page(h: IndexHolder, searcher, params: SearchParams, plan: Plan, final: set[int], t1: set[int],
          t2: set[int], start: int, aud: _Audience) -> list[tuple[int, float]]:
    if not final:
        return []
    if params.sort == "recent" or plan.empty:
        return _recent(searcher, final, start, params.per_page)
    tier1 = final & t1
    tier2 = (final & t2) - tier1
    tiers = [(tier1, TIER_ALL_SAME, "same"), (tier2, TIER_ALL_CROSS, "cross"), (final - tier1 - tier2, 0.0, "both")]
    return _rank(h, searcher, plan, tiers, start, params.per_page, aud)


STAGES = ("searcher", "permissions", "parse", "match", "facets", "rank", "hits", "suggest")


def search(params: SearchParams, levels: set[str], org_id: int | None,
           glossary: Glossary | None = None, h: IndexHolder | None = None) -> SearchResult:
    if h is None and pg.active():   # CONCERTO_SEARCH_ENGINE: the PostgreSQL engine, same interface
        from .pg.engine import search as pg_search

        return pg_search(params, levels, org_id, glossary)
    t = {"start": time.perf_counter()}
    h = h or holder()
    searcher = h.searcher()
    t["searcher"] = time.perf_counter()
    allowed = allowed_docs(h, searcher, levels, org_id)
    t["permissions"] = time.perf_counter()
    plan = plan_query(params.q, params.lang, glossary)
    t["parse"] = time.perf_counter()
    aud = _Audience(allowed, ("perm", tuple(sorted(levels)), org_id))
    matched, t1, t2 = _match(h, searcher, plan, params.q, aud)
    t["match"] = time.perf_counter()
    selected = {f: v for f, v in params.filters.items() if f in FACETS and v}
    facet_sets = {f: _facet_docs(h, searcher, f) for f in FACETS} if (params.facets or selected) else {}
    if params.since is not None:
        matched &= set(searcher.docs_for_query(NumericRange("indexed_at", params.since + 1, None)))
    final = matched
    for f, v in selected.items():
        final = final & facet_sets[f].get(v, set())
    facets = _facet_counts(matched, selected, facet_sets) if params.facets else {}
    t["facets"] = time.perf_counter()
    total = len(final)
    pages = max(1, math.ceil(total / params.per_page))
    page = min(max(1, params.page), pages)
    ranked = _page(h, searcher, params, plan, final, t1, t2, (page - 1) * params.per_page, aud)
    t["rank"] = time.perf_counter()
    words = highlight.query_words(plan) if (params.highlights and not plan.empty) else {}
    hits = [_hit(searcher.stored_fields(docnum), params, score, words) for docnum, score in ranked]
    t["hits"] = time.perf_counter()
    suggestion = None
    if params.suggest and params.q and total == 0:
        suggestion = _suggest(searcher, params.q, plan.units, levels, allowed, params.lang, glossary)
    t["suggest"] = time.perf_counter()
    timings, prev = {}, t["start"]
    for stage in STAGES:
        timings[stage] = t[stage] - prev
        prev = t[stage]
    return SearchResult(hits=hits, total=total, page=page, pages=pages, facets=facets, suggestion=suggestion,
                        units=plan.units, timings=timings, broad_prefixes=sorted(aud.broad))
