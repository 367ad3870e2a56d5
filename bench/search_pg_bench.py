"""Search benchmark (not a test): the PostgreSQL engine beside Whoosh and SQLite FTS5, same corpus, same
queries, same run.

    nice -n 10 .venv/bin/python bench/search_pg_bench.py --docs 10000 \\
        --database postgresql://postgres@127.0.0.1:5432/concerto_bench [--out bench/search_pg_results_10000.json]

The database must exist and may be emptied (the search tables are dropped and created). The corpus is
bench/search_bench.py's (seed sentences, deterministic per document number). For PostgreSQL it measures
building the table from scratch (as `search rebuild` does, pg/maintain.build; --row-by-row: the old way,
documents written in batches of 1,000 into the indexed table), its size, query
latency p50/p95 for the top 10 with highlights and facets as a committee member (the engine the portal
runs, stage by stage), and change-to-searchable: one document written and committed, then found by a
search in another session. `--skip-whoosh` / `--skip-fts5` leave the others out.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import (COMMITTEE_LEVELS, QUERIES, bench_fts5, bench_whoosh, load_sentences,  # noqa: E402
                          make_doc, pct)

BATCH = 1000


def _app(url: str):
    from portal import create_app

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "CONCERTO_SEARCH_ENGINE": "postgresql", "TESTING": True,
                       "SECRET_KEY": "bench", "SEARCH_APPLY_AFTER_COMMIT": False})


def build(n: int, sentences, row_by_row: bool = False) -> dict:
    """From scratch as `concerto search rebuild` builds (pg/maintain.build: new tables loaded by parallel
    sessions, indexes after, swapped in), the documents from the corpus instead of the providers; or, with
    row_by_row, through store.write in batches of 1,000 into the indexed table (the way before)."""
    from sqlalchemy import text

    from portal.extensions import db
    from portal.search.pg.maintain import build as build_tables
    from portal.search.pg.store import write
    from portal.search.pg.table import SearchEntry, SearchWord

    for table in (SearchWord.__table__, SearchEntry.__table__):
        table.drop(db.engine, checkfirst=True)
    SearchEntry.__table__.create(db.engine)
    SearchWord.__table__.create(db.engine)
    db.session.commit()
    t = time.perf_counter()
    for i in range(1, min(n, 2000) + 1):
        make_doc(i, sentences)
    produce_ms = (time.perf_counter() - t) * 1000 / min(n, 2000)
    t0 = time.perf_counter()
    now = time.time()
    timings: dict = {}
    if row_by_row:
        batch = []
        for i in range(1, n + 1):
            batch.append(make_doc(i, sentences))
            if len(batch) >= BATCH or i == n:
                write(db.session.connection(), batch, now=now, by_object=False)
                db.session.commit()
                batch = []
        db.session.execute(text("ANALYZE search_entries"))
        db.session.execute(text("ANALYZE search_words"))
        db.session.commit()
    else:
        build_tables((make_doc(i, sentences) for i in range(1, n + 1)), now=now, timings=timings)
    seconds = time.perf_counter() - t0
    size = db.session.execute(text("SELECT pg_total_relation_size('search_entries') + "
                                   "pg_total_relation_size('search_words')")).scalar()
    words = db.session.execute(text("SELECT count(*) FROM search_words")).scalar()
    db.session.commit()
    return {"build_seconds": round(seconds, 1), "index_rate_docs_per_s": round(n / seconds, 1),
            "build_way": "row by row (store.write)" if row_by_row else "maintain.build (from scratch)",
            "build_stages_s": timings, "corpus_doc_ms": round(produce_ms, 2), "search_words": words,
            "table_mb": round(size / 1e6, 1)}


def queries(rounds: int) -> dict:
    from portal.search.engine import SearchParams
    from portal.search.glossary import default_entries, entries_from_rows
    from portal.search.pg.engine import search
    from portal.search.query import Glossary

    glossary = Glossary.build(entries_from_rows(default_entries()))
    latencies, stages, cold, per_query = [], {}, [], {}
    for r in range(rounds + 1):
        for q, lang in QUERIES:
            t = time.perf_counter()
            res = search(SearchParams(q=q, lang=lang), COMMITTEE_LEVELS, 7, glossary)
            elapsed = time.perf_counter() - t
            if r == 0:
                cold.append(elapsed)
                continue
            latencies.append(elapsed)
            per_query.setdefault(q, []).append(elapsed)
            per_query[q + " (matches)"] = res.total
            for stage, secs in res.timings.items():
                stages.setdefault(stage, []).append(secs)
    slowest = sorted(((statistics.median(v), q) for q, v in per_query.items() if isinstance(v, list)),
                     reverse=True)[:5]
    return {"cold_query_p50_ms": round(pct(cold, 50) * 1000, 1), "cold_query_p95_ms": round(pct(cold, 95) * 1000, 1),
            "query_p50_ms": round(pct(latencies, 50) * 1000, 1), "query_p95_ms": round(pct(latencies, 95) * 1000, 1),
            "query_max_ms": round(max(latencies) * 1000, 1),
            "stages_median_p95_ms": {k: [round(pct(v, 50) * 1000, 1), round(pct(v, 95) * 1000, 1)]
                                     for k, v in stages.items()},
            "slowest_median_ms": {q: [round(s * 1000, 1), per_query[q + " (matches)"]] for s, q in slowest}}


def change_to_searchable(n: int, sentences, app) -> dict:
    """Write one document and commit (what a change's commit does), then a search in another session
    (another web node) finds it."""
    from portal.extensions import db
    from portal.search.engine import SearchParams
    from portal.search.pg.engine import search
    from portal.search.pg.store import write

    delays, commits = [], []
    for k in range(5):
        doc = make_doc(n + 1 + k, sentences)
        doc.title_fr = f"Document témoin quokkazeta{k}"
        doc.visibility = "public"
        t = time.perf_counter()
        write(db.session.connection(), [doc])
        db.session.commit()
        commits.append(time.perf_counter() - t)
        with app.app_context():   # a new session: what another node sees
            found = search(SearchParams(q=f"quokkazeta{k}", lang="fr", facets=False, highlights=False,
                                        suggest=False), {"public"}, None).total
            db.session.remove()
        assert found == 1
        delays.append(time.perf_counter() - t)
    return {"one_doc_commit_ms": round(statistics.median(commits) * 1000, 1),
            "change_to_searchable_ms": round(statistics.median(delays) * 1000, 1)}


def bench_postgresql(n: int, sentences, url: str, rounds: int, reuse: bool = False, build_only: bool = False,
                     row_by_row: bool = False) -> dict:
    from portal.extensions import db

    app = _app(url)
    with app.app_context():
        db.create_all()     # the portal's other tables (a commit writes e.g. content_stamps); search's are rebuilt
        have = 0
        if reuse:
            have = db.session.execute(db.text("SELECT count(*) FROM search_entries WHERE obj_id <= :n"),
                                      {"n": n}).scalar()
            db.session.commit()
        out = {"build": "reused (built by an earlier run)"} if reuse and have == n else build(n, sentences, row_by_row)
        if build_only:
            return out
        out.update(queries(rounds))
        out.update(change_to_searchable(n, sentences, app))
        out["server"] = db.session.execute(db.text("SHOW server_version")).scalar()
        out["ranking"] = "ts_rank over at most RANK_CANDIDATES matches per tier (the most recent beyond)"
        db.session.remove()
        db.engine.dispose()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--database", required=True, help="postgresql://... (emptied of its search tables)")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--skip-whoosh", action="store_true")
    ap.add_argument("--skip-fts5", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="keep the table if it holds the N documents")
    ap.add_argument("--build-only", action="store_true", help="build the table and stop (then --reuse)")
    ap.add_argument("--row-by-row", action="store_true", help="build through store.write (the old way)")
    ap.add_argument("--out")
    args = ap.parse_args()
    sentences = load_sentences(Path(args.seeds))
    work = Path(tempfile.mkdtemp(prefix=f"search-pg-bench-{args.docs}-"))
    result = {"docs": args.docs, "queries": len(QUERIES), "rounds": args.rounds, "cpus": os.cpu_count(),
              "load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        result["postgresql"] = bench_postgresql(args.docs, sentences, args.database, args.rounds,
                                                  args.reuse, args.build_only, args.row_by_row)
        print(json.dumps(result, indent=1), flush=True)
        if not args.skip_whoosh:
            result["whoosh"] = bench_whoosh(args.docs, sentences, work, args.procs, args.rounds)
            print(json.dumps(result["whoosh"], indent=1), flush=True)
        if not args.skip_fts5:
            result["fts5"] = bench_fts5(args.docs, sentences, work, args.rounds)
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(result, indent=1))
        if args.out:
            Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
