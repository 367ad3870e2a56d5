"""A search in PostgreSQL for one user: the same SearchParams in, the same SearchResult out as the Whoosh
engine, with the permission filter inside every statement.

Three steps: (1) facets and total in one pass (GROUPING SETS) over the permitted matches (GIN indexes, no
scoring); (2) the page, tier by tier as in Whoosh (every unit in the query's language, then every unit
through the other language, then the rest), each tier selected by what it matches and ranked with ts_rank
inside a bounded candidate set (its newest matches); (3) the page's rows with ts_headline on a bounded
window of their text. "Did you mean" is in suggest.py.
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

RANK_CANDIDATES = 300       # a tier's newest matches ranked by ts_rank (its matches beyond are not ranked)
PROBE = 1000                # newest permitted documents tested first for a large tier's candidates
PROBE_SHARE = 0.3           # ... when the matches are at least this share of the table
HEADLINE_WINDOW = 4000      # characters of a body ts_headline reads
WEIGHTS = "'{0.4, 0.4, 0.4, 1.0}'"   # D (body) .. A (title): the title counts 2.5 times the body
START, STOP = "\x02", "\x03"
HEADLINE_OPTS = f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20, ShortWord=2, MaxFragments=1"
SET_A = ("doc_type", "pillar", "year")     # facets are counted in two groupings: these, and the others
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

    def where(self, *extra: str, filters: bool = True, match: str | None = None) -> str:
        """The match (or a narrower condition that implies it: a tier's, never both, or PostgreSQL may test
        one of them row by row, reading every candidate's vector), the permissions, the filters."""
        conds = [match or self.match(), self.perm] + (list(self.filters.values()) if filters else []) + list(extra)
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
    """Total and facet counts in one pass over the permitted matches, nothing scored, no vector read: two
    grouping sets of three facets each (a few hundred combinations, two hash lookups per row instead of
    one per facet), added up here. A facet's counts ignore its own selection (so the other values stay
    offered): each selected facet gets its own FILTERed count. Multi-valued facets are grouped by their
    stored list ("ON,QC") and split here, a few distinct lists instead of unnesting every row."""
    if not want_facets:
        stmt = f"SELECT count(*) FROM search_entries WHERE {sql.where()}"
        return int(db.session.execute(text(stmt), sql.p).scalar() or 0), {}
    columns = [FACET_SQL[f][0] or FACET_SQL[f][1] for f in FACETS]
    everything = " AND ".join(sql.filters.values())
    counts = [f"count(*) FILTER (WHERE {everything})" if everything else "count(*)"]
    for f in FACETS:     # a selected facet's own counts leave its selection out
        others = " AND ".join(c for g, c in sql.filters.items() if g != f)
        counts.append(("count(*)" if not others else f"count(*) FILTER (WHERE {others})")
                      if f in sql.filters else "NULL")
    halves = [c for c in columns if c in SET_A], [c for c in columns if c not in SET_A]
    stmt = (f"SELECT GROUPING({columns[0]}) AS g, {', '.join(columns)}, {', '.join(counts)}"
            f" FROM search_entries WHERE {sql.where(filters=False)}"
            f" GROUP BY GROUPING SETS (({', '.join(halves[0])}), ({', '.join(halves[1])}))")
    total, found = 0, {f: {} for f in FACETS}
    for r in db.session.execute(text(stmt), sql.p):
        in_a = r.g == 0
        if in_a:
            total += int(r[1 + len(columns)])
        for i, f in enumerate(FACETS):
            if (columns[i] in SET_A) != in_a:
                continue
            n = int(r[2 + len(columns) + i] if f in sql.filters else r[1 + len(columns)])
            value = r[1 + i] or ""
            for v in (value.split(",") if FACET_SQL[f][1] else [value]):
                if v and n:
                    found[f][v] = found[f].get(v, 0) + n
    return total, {f: sorted(found[f].items(), key=lambda x: (-x[1], x[0])) for f in FACETS}


def _tiers(sql: Sql) -> list[tuple[str | None, float, str]]:
    """(positive condition, bonus, which terms rank) of each tier: every unit in the query's language,
    every unit through the other language, the rest. A lower tier is selected by what it matches (GIN)
    minus the ids of the tiers above, never by NOT (a tier above), which would read every match's vector."""
    t1, t2 = sql.vec("same", "all"), sql.vec("cross", "all")
    tiers = []
    if t1:
        tiers.append((t1, TIER_ALL_SAME, "same"))
    if t2:
        tiers.append((t2, TIER_ALL_CROSS, "cross"))
    tiers.append((None, 0.0, "both"))
    return tiers


def _rank(sql: Sql, start: int, count: int, total: int) -> list[tuple[str, float]]:
    """The page [start, start+count), tier by tier; within a tier, ts_rank over a bounded candidate set:
    the tier's RANK_CANDIDATES newest matches, then (on a deep page) its older ones by date. A tier that
    returns fewer rows than asked for is complete: its ids are left out of the tiers below."""
    end = start + count
    ranked: list[tuple[str, float]] = []   # every document of the tiers above, then the tier being read
    for cond, bonus, which in _tiers(sql):
        limit = max(RANK_CANDIDATES, end - len(ranked))
        extra = ["doc_id <> ALL(CAST(:above AS text[]))"] if ranked else []
        rows = _newest(sql, cond, extra, limit, total, f"doc_id, {sql.rank(which)} AS score",
                       {"above": [d for d, _s in ranked]})
        # The newest RANK_CANDIDATES by score, then (deep pages only) the rest of the tier by date: the
        # same order whichever page is asked for, so no document is shown twice or skipped.
        best = sorted(rows[:RANK_CANDIDATES], key=lambda r: (-float(r.score), r.doc_id))
        ranked.extend((r.doc_id, bonus + float(r.score)) for r in best + rows[RANK_CANDIDATES:])
        if len(rows) == limit or len(ranked) >= end:   # the page ends inside this tier
            break
    return ranked[start:end]


def _newest(sql: Sql, cond: str | None, extra: list[str], limit: int, total: int, cols: str, params=None) -> list:
    """`cols` of the `limit` newest documents matching `cond` (the match when None), newest first, undated
    ones last.
    When the matches are many, first the PROBE newest permitted documents are read in date order (the
    (date, doc_id) index, backwards) and tested: a tier that is most of the table fills its candidates there,
    from a few hundred rows. Otherwise (or if the probe falls short) the GIN indexes find every match and a
    top-N sort keeps the newest; the date index is then switched off, as walking it for a sparse condition
    would test (and decompress) the vectors of most of the table."""
    p = {**sql.p, **(params or {})}
    permitted = sql.where(*extra, match="TRUE")
    if limit <= PROBE // 2 and total >= max(PROBE, PROBE_SHARE * _table_size()):
        walk = (f"SELECT doc_id, date, tsv_fr, tsv_en, pairs_fr, pairs_en FROM search_entries WHERE {permitted}"
                f" AND date IS NOT NULL"
                f" ORDER BY date DESC, doc_id DESC LIMIT {PROBE}")
        rows = db.session.execute(text(f"SELECT {cols} FROM (SELECT * FROM ({walk}) AS w WHERE {cond or sql.match()}"
                                       f" ORDER BY date DESC, doc_id DESC LIMIT {int(limit)}) AS c"
                                       " ORDER BY date DESC, doc_id DESC"), p).all()
        if len(rows) == limit:
            return rows
    where = sql.where(*extra, match=cond)    # no condition on date: PostgreSQL would read the date index
    stmt = (f"SELECT {cols} FROM (SELECT date, doc_id, tsv_fr, tsv_en FROM search_entries WHERE {where}"
            f" ORDER BY date DESC NULLS LAST, doc_id DESC LIMIT {int(limit)}) AS c"
            " ORDER BY date DESC NULLS LAST, doc_id DESC")
    db.session.execute(text("SET LOCAL enable_indexscan = off"))
    rows = db.session.execute(text(stmt), p).all()
    db.session.execute(text("SET LOCAL enable_indexscan = on"))
    return rows


def _table_size() -> float:
    """The planner's row count of the table (pg_class.reltuples, kept by ANALYZE and autovacuum)."""
    return float(db.session.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'search_entries'::regclass"))
                 .scalar() or 0)


def _recent(sql: Sql, start: int, count: int, total: int) -> list[tuple[str, float]]:
    rows = _newest(sql, None, [], start + count, total, "doc_id")
    return [(r.doc_id, 0.0) for r in rows[start:]]


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
            f" AS body_fr, left(body_en, {HEADLINE_WINDOW}) AS body_en, langs, pillar, jurisdictions, date, visibility, "
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
            langs=[x for x in (r.langs or "").split(",") if x], pillar=r.pillar or "", visibility=r.visibility,
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
            ranked = _recent(sql, start, params.per_page, total)
        else:
            ranked = _rank(sql, start, params.per_page, total)
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
