"""A search in PostgreSQL for one user: the same SearchParams in, the same SearchResult out as the Whoosh
engine, with the permission filter inside every statement.

Three steps, each one statement: (1) facets and total by GROUP BY over the permitted matches (GIN index,
no scoring); (2) the page, tier by tier as in Whoosh (every unit in the query's language, then every unit
through the other language, then the rest), ranked with ts_rank inside a bounded candidate set; (3) the
page's rows with ts_headline on a bounded window of their text. "Did you mean" is in suggest.py.
"""
from __future__ import annotations

import json
import math
import time

from markupsafe import Markup, escape
from sqlalchemy import text

from ...extensions import db
from ..results import FACETS, Hit, SearchParams, SearchResult
from ..query import CROSS_WEIGHT, TIER_ALL_CROSS, TIER_ALL_SAME, Glossary, parse, plan_query
from . import suggest as suggest_mod
from .table import CONFIGS
from .tsquery import PgQuery, build

RANK_CANDIDATES = 300       # matches of a tier ranked by ts_rank; beyond, the most recent first
HEADLINE_WINDOW = 4000      # characters of a body ts_headline reads
WEIGHTS = "'{0.4, 0.4, 0.4, 1.0}'"   # D (body) .. A (title): the title counts 2.5 times the body
START, STOP = "\x02", "\x03"
HEADLINE_OPTS = f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20, ShortWord=2, MaxFragments=1"
FACET_SQL = {
    "type": ("doc_type", None), "pillar": ("pillar", None), "year": ("year", None),
    "stakeholder": ("stakeholder", None), "jurisdictions": (None, "jurisdictions"), "langs": (None, "langs"),
}


class Sql:
    """Conditions of one search as SQL text with their bound parameters."""

    def __init__(self, params: SearchParams, levels: set[str], org_id: int | None, pq: PgQuery | None):
        self.p: dict = {"levels": sorted(levels) or ["-"], "org": f"%,{org_id},%" if org_id else "-"}
        self.lang = params.lang
        self.other = "en" if params.lang == "fr" else "fr"
        self.perm = "(visibility = ANY(CAST(:levels AS text[])) OR owner_orgs LIKE :org)"
        if params.since is not None:
            self.perm += " AND indexed_at > :since"
            self.p["since"] = float(params.since)
        self.pq = pq
        self.conds: dict[str, str | None] = {"same_any": None, "cross_any": None, "same_all": None,
                                             "cross_all": None}
        for side_name in ("same", "cross") if pq else ():
            side = getattr(pq, side_name)
            lg = self.lang if side_name == "same" else self.other
            self.conds[f"{side_name}_any"] = self._cond(lg, f"{side_name}_any", *side.any())
            if side.complete:
                self.conds[f"{side_name}_all"] = " AND ".join(
                    self._cond(lg, f"{side_name}_u{i}", lex, pair) for i, (lex, pair) in enumerate(side.units))
            for name, value in (("rank", side.rank), ("head", side.head)):
                if value:
                    self.p[f"{side_name}_{name}"] = value
        self.filters: dict[str, str] = {}
        for f, v in params.filters.items():
            if f in FACETS and v:
                column, listed = FACET_SQL[f]
                self.p[f"f_{f}"] = v if column else f"%,{v},%"
                self.filters[f] = f"{column} = :f_{f}" if column else f"(',' || {listed} || ',') LIKE :f_{f}"

    def _cond(self, lg: str, name: str, lex: str | None, pair: str | None) -> str | None:
        parts = []
        if lex:
            self.p[f"{name}_w"] = lex
            parts.append(f"tsv_{lg} @@ CAST(:{name}_w AS tsquery)")
        if pair:
            self.p[f"{name}_p"] = pair
            parts.append(f"pairs_{lg} @@ CAST(:{name}_p AS tsquery)")
        return "(" + " OR ".join(parts) + ")" if parts else None

    def vec(self, which: str, name: str) -> str | None:
        return self.conds.get(f"{which}_{name}")

    def match(self) -> str:
        if self.pq is None:
            return "TRUE"
        parts = [c for c in (self.conds["same_any"], self.conds["cross_any"]) if c]
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"

    def where(self, *extra: str, filters: bool = True) -> str:
        conds = [self.match(), self.perm] + (list(self.filters.values()) if filters else []) + list(extra)
        return " AND ".join(conds)

    def rank(self, which: str) -> str:
        def one(side: str, factor: float) -> str | None:
            if f"{side}_rank" not in self.p:
                return None
            lg = self.lang if side == "same" else self.other
            return f"{factor} * ts_rank({WEIGHTS}, tsv_{lg}, CAST(:{side}_rank AS tsquery), 1)"

        parts = {"same": [one("same", 1.0)], "cross": [one("cross", 1.0)],
                 "both": [one("same", 1.0), one("cross", CROSS_WEIGHT)]}[which]
        parts = [x for x in parts if x]
        return " + ".join(parts) if parts else "0"


def _facets(sql: Sql, want_facets: bool) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Total and facet counts by GROUP BY over the permitted matches, in one statement, nothing scored.
    A facet's counts ignore its own selection (so the other values stay offered)."""
    cols = "doc_type, pillar, jurisdictions, year, stakeholder, langs"
    filters = {f: c for f, c in sql.filters.items()}
    parts = [f"SELECT '' AS f, '' AS v, count(*) AS n FROM m{_and(filters.values())}"]
    if want_facets:
        for f in FACETS:
            others = [c for g, c in filters.items() if g != f]
            column, listed = FACET_SQL[f]
            if column:
                parts.append(f"SELECT '{f}', {column}, count(*) FROM m WHERE {column} <> ''"
                             f"{_and(others, 'AND')} GROUP BY {column}")
            else:
                parts.append(f"SELECT '{f}', x, count(*) FROM m, unnest(string_to_array(NULLIF({listed}, ''), ','))"
                             f" AS x{_and(others)} GROUP BY x")
    stmt = (f"WITH m AS MATERIALIZED (SELECT {cols} FROM search_entries WHERE {sql.where(filters=False)}) "
            + " UNION ALL ".join(parts))
    total, facets = 0, {f: [] for f in FACETS} if want_facets else {}
    for f, v, n in db.session.execute(text(stmt), sql.p):
        if not f:
            total = n
        elif n:
            facets[f].append((v, n))
    for f in facets:
        facets[f].sort(key=lambda x: (-x[1], x[0]))
    return total, facets


def _and(conds, word: str = "WHERE") -> str:
    conds = list(conds)
    return f" {word} " + " AND ".join(conds) if conds else ""


def _tiers(sql: Sql, total: int) -> list[tuple[str, float, str, int]]:
    """(condition, bonus, which terms rank, size) of each tier. Sizes are counts the GIN indexes answer
    (a count over a condition, not a condition evaluated on every match, which would read every vector)."""
    t1 = sql.vec("same", "all")
    t2 = sql.vec("cross", "all")
    counts = [f"(SELECT count(*) FROM search_entries WHERE {sql.where(c)})" if c else "0"
              for c in (t1, f"({t1} OR {t2})" if t1 and t2 else t2)]
    n1, n12 = db.session.execute(text(f"SELECT {counts[0]}, {counts[1]}"), sql.p).one() if t1 or t2 else (0, 0)
    n2 = (n12 - n1 if t1 else n12) if t2 else 0
    tiers = []
    if t1:
        tiers.append((t1, TIER_ALL_SAME, "same", n1))
    if t2:
        tiers.append((f"{t2} AND NOT ({t1})" if t1 else t2, TIER_ALL_CROSS, "cross", n2))
    rest = " AND ".join(f"NOT ({t})" for t in (t1, t2) if t)
    tiers.append((rest or "TRUE", 0.0, "both", total - n1 - n2))
    return tiers


def _rank(sql: Sql, total: int, start: int, count: int) -> list[tuple[str, float]]:
    """The page [start, start+count), tier by tier; within a tier, ts_rank over at most RANK_CANDIDATES
    matches (all of them unless the tier is larger; then its most recent ones)."""
    page: list[tuple[str, float]] = []
    skip = start
    for cond, bonus, which, size in _tiers(sql, total):
        if not size:
            continue
        if skip >= size:
            skip -= size
            continue
        want = skip + count - len(page)
        stmt = (f"SELECT doc_id, {sql.rank(which)} AS score FROM (SELECT doc_id, tsv_fr, tsv_en FROM search_entries"
                f" WHERE {sql.where(cond)} ORDER BY date DESC NULLS LAST, doc_id LIMIT {RANK_CANDIDATES}) AS c"
                f" ORDER BY score DESC, doc_id LIMIT {int(want)}")
        ranked = [(r.doc_id, bonus + float(r.score)) for r in db.session.execute(text(stmt), sql.p)]
        page.extend(ranked[skip:want])
        skip = 0
        if len(page) >= count:
            break
    return page[:count]


def _recent(sql: Sql, start: int, count: int) -> list[tuple[str, float]]:
    stmt = (f"SELECT doc_id FROM search_entries WHERE {sql.where()} ORDER BY date DESC NULLS LAST, doc_id"
            f" LIMIT {int(count)} OFFSET {int(start)}")
    return [(r.doc_id, 0.0) for r in db.session.execute(text(stmt), sql.p)]


def _mark(fragment: str | None, body: str) -> str:
    """ts_headline's fragment (raw text with our markers) as escaped HTML with <mark>."""
    if not fragment or START not in fragment:
        return ""
    out = str(escape(fragment)).replace(START, "<mark>").replace(STOP, "</mark>")
    plain = fragment.replace(START, "").replace(STOP, "")
    lead = "" if body.startswith(plain[:40]) else "… "
    tail = "" if body.rstrip().endswith(plain[-40:].rstrip()) else " …"
    return lead + out + tail


def _hits(sql: Sql, ranked: list[tuple[str, float]], highlights: bool) -> list[Hit]:
    if not ranked:
        return []
    lang, other = sql.lang, sql.other
    heads = []
    for lg, name in ((lang, "same_head"), (other, "cross_head")):
        if highlights and name in sql.p:
            heads.append(f"ts_headline('{CONFIGS[lg]}', left(body_{lg}, {HEADLINE_WINDOW}), "
                         f"CAST(:{name} AS tsquery), :opts) AS h_{lg}")
        else:
            heads.append(f"NULL AS h_{lg}")
    stmt = (f"SELECT doc_id, doc_type, obj_id, endpoint, url_args, title_fr, title_en, left(body_fr, {HEADLINE_WINDOW})"
            f" AS body_fr, left(body_en, {HEADLINE_WINDOW}) AS body_en, langs, pillar, jurisdictions, date, "
            + ", ".join(heads) + " FROM search_entries WHERE doc_id = ANY(CAST(:ids AS text[]))")
    rows = {r.doc_id: r for r in db.session.execute(text(stmt), {**sql.p, "opts": HEADLINE_OPTS,
                                                                 "ids": [d for d, _s in ranked]})}
    hits = []
    for doc_id, score in ranked:
        r = rows.get(doc_id)
        if r is None:
            continue
        title_lang = lang if getattr(r, f"title_{lang}") else other
        snippet, snippet_lang = Markup(""), lang
        if highlights:
            snippet, snippet_lang = _snippet(r, lang, other)
        hits.append(Hit(
            doc_id=r.doc_id, type=r.doc_type, obj_id=r.obj_id, endpoint=r.endpoint,
            url_args=json.loads(r.url_args or "{}"), title=getattr(r, f"title_{title_lang}") or "",
            title_lang=title_lang, snippet=snippet, snippet_lang=snippet_lang, score=round(score, 3), date=r.date,
            langs=[x for x in (r.langs or "").split(",") if x], pillar=r.pillar or "",
            jurisdictions=[x for x in (r.jurisdictions or "").split(",") if x]))
    return hits


def _snippet(r, lang: str, other: str) -> tuple[Markup, str]:
    for lg in (lang, other):
        frag = _mark(getattr(r, f"h_{lg}"), getattr(r, f"body_{lg}") or "")
        if frag:
            return Markup(frag), lg
    for lg in (lang, other):
        body = getattr(r, f"body_{lg}") or ""
        if body:
            return Markup(escape(body[:240] + ("…" if len(body) > 240 else ""))), lg
    return Markup(""), lang


def search(params: SearchParams, levels: set[str], org_id: int | None,
           glossary: Glossary | None = None) -> SearchResult:
    # Most matches of a common word are most of the table: the planner then prefers reading every row,
    # which means decompressing every tsvector; the GIN index answers the same without reading them.
    # (SET LOCAL: a failed statement's rollback undoes it too.)
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    result = _search(params, levels, org_id, glossary)
    db.session.execute(text("RESET enable_seqscan"))
    return result


def _search(params: SearchParams, levels: set[str], org_id: int | None, glossary: Glossary | None) -> SearchResult:
    t = {"start": time.perf_counter()}
    plan = plan_query(params.q, params.lang, glossary)
    pq = None if plan.empty else build(db.session, plan, params.lang, glossary or Glossary.build([]))
    t["parse"] = time.perf_counter()
    nothing = (plan.empty and bool(parse(params.q))) or (pq is not None and pq.empty)
    sql = Sql(params, levels, org_id, pq)
    total, facets = (0, {f: [] for f in FACETS} if params.facets else {}) if nothing else \
        _facets(sql, params.facets)
    t["facets"] = time.perf_counter()
    pages = max(1, math.ceil(total / params.per_page))
    page = min(max(1, params.page), pages)
    start = (page - 1) * params.per_page
    ranked: list[tuple[str, float]] = []
    if total:
        if params.sort == "recent" or pq is None:
            ranked = _recent(sql, start, params.per_page)
        else:
            ranked = _rank(sql, total, start, params.per_page)
    t["rank"] = time.perf_counter()
    hits = _hits(sql, ranked, params.highlights)
    t["hits"] = time.perf_counter()
    suggestion = None
    if params.suggest and params.q and total == 0:
        suggestion = suggest_mod.suggest(plan.units, params.lang, levels, org_id, glossary, search, SearchParams)
    t["suggest"] = time.perf_counter()
    timings, prev = {}, t["start"]
    for stage in ("parse", "facets", "rank", "hits", "suggest"):
        timings[stage] = t[stage] - prev
        prev = t[stage]
    return SearchResult(hits=hits, total=total, page=page, pages=pages, facets=facets, suggestion=suggestion,
                        units=plan.units, timings=timings)
