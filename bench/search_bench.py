"""Search benchmark (not a test): Concerto's Whoosh index beside SQLite FTS5 on the same synthetic corpus.

    nice -n 10 .venv/bin/python bench/search_bench.py --docs 10000 [--procs 2] [--out bench/results-10000.json]

The corpus is built from the seed documents (../shared/seeds, or --seeds DIR): documents of 200-1,500 words
made of seed sentences, deterministic per document number, with visibility, type, pillar, province, year
and stakeholder spread like the portal's. It measures indexing rate, index size, rebuild time,
outbox-to-searchable delay (one-document commit, then the long-lived searcher sees it) and query latency
p50/p95 for the top 10 with highlights and facets as a committee member, stage by stage; then the same
corpus and queries in FTS5 (bm25, snippet(), facet counts with GROUP BY, visibility filter).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.search.documents import SearchDocument  # noqa: E402
from portal.search.engine import FACETS, SearchParams, search  # noqa: E402
from portal.search.glossary import default_entries, entries_from_rows  # noqa: E402
from portal.search.index import IndexHolder, create_index, to_fields  # noqa: E402
from portal.search.query import Glossary  # noqa: E402

TYPES = ["commitment", "progress_update", "submission", "key_point", "roundtable", "coalition", "protocol",
         "service", "lesson", "evaluation_finding"]
PILLARS = ["prevention", "protection", "prosecution", "partnerships", "empowerment", ""]
PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]
STAKEHOLDERS = ["federal", "jurisdiction", "ngo", "indigenous", "police", "research", "survivor"]
VISIBILITY = ["public"] * 7 + ["internal", "committee", "secretariat"]
COMMITTEE_LEVELS = {"public", "internal", "committee"}

QUERIES = [
    ("travailleuses étrangères", "fr"), ("permis de séjour temporaire", "fr"), ("PST", "fr"),
    ("ligne d'urgence", "fr"), ("collecte de données", "fr"), ("financement réservé", "fr"),
    ("travail forcé", "fr"), ("sensibilisation", "fr"), ("refuges", "fr"), ("gouvernance", "fr"),
    ("poursuites", "fr"), ("communautés autochtones", "fr"), ("organisations non gouvernementales", "fr"),
    ("chaînes d'approvisionnement", "fr"), ("recrutement", "fr"), ("exploitation sexuelle", "fr"),
    ("jeunes à risque", "fr"), ("approche coordonnée", "fr"), ("main-d'œuvre", "fr"), ('"traite de personnes"', "fr"),
    ("exploit*", "fr"), ("victimes", "fr"), ("coalition régionale", "fr"), ("protocole d'entente", "fr"),
    ("foreign workers", "en"), ("temporary resident permit", "en"), ("hotline", "en"), ("data collection", "en"),
    ("forced labor", "en"), ("awareness", "en"), ("shelters", "en"), ("governance", "en"),
    ("Indigenous communities", "en"), ("supply chains", "en"), ("human trafficking", "en"),
    ("victims services", "en"), ("law enforcement training", "en"), ("sexual exploitation", "en"),
    ("organisation", "en"), ("prevention", "en"),
]


def load_sentences(seeds: Path) -> list[str]:
    sentences = []
    for path in sorted(seeds.glob("*.txt")):
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        for s in re.split(r"(?<=[.!?;])\s+|\n+", text):
            s = s.strip(" -\t|")
            if 6 <= len(s.split()) <= 80:
                sentences.append(s)
    return sentences


def make_doc(i: int, sentences: list[str]) -> SearchDocument:
    rnd = random.Random(i)
    target = rnd.randint(200, 1500)
    words, parts = 0, []
    while words < target:
        s = sentences[rnd.randrange(len(sentences))]
        parts.append(s)
        words += len(s.split())
    body = " ".join(parts)
    title = sentences[rnd.randrange(len(sentences))][:150]
    year = rnd.randint(2012, 2026)
    return SearchDocument(
        doc_type=TYPES[i % len(TYPES)], obj_id=i, endpoint="search.index", title_fr=title, body_fr=body,
        visibility=VISIBILITY[rnd.randrange(len(VISIBILITY))], owner_org_ids={rnd.randint(1, 60)},
        jurisdictions=[PROVINCES[rnd.randrange(len(PROVINCES))]] if rnd.random() < 0.6 else [],
        pillar=PILLARS[rnd.randrange(len(PILLARS))] or None, date=date(year, rnd.randint(1, 12), rnd.randint(1, 28)),
        stakeholder_category=STAKEHOLDERS[rnd.randrange(len(STAKEHOLDERS))])


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_whoosh(n: int, sentences, work: Path, procs: int, rounds: int) -> dict:
    out: dict = {}
    path = work / "whoosh"
    t0 = time.perf_counter()
    ix = create_index(path)
    kwargs = {"procs": procs, "multisegment": True, "limitmb": 128} if procs > 1 else {"limitmb": 128}
    w = ix.writer(**kwargs)
    now = time.time()
    for i in range(1, n + 1):
        w.add_document(**to_fields(make_doc(i, sentences), now))
    w.commit()
    build = time.perf_counter() - t0
    out["rebuild_seconds"] = round(build, 1)
    out["index_rate_docs_per_s"] = round(n / build, 1)
    out["index_mb"] = round(du(path) / 1e6, 1)
    out["procs"] = procs

    holder = IndexHolder(path)
    glossary = Glossary.build(entries_from_rows(default_entries()))
    t = time.perf_counter()
    holder.searcher()
    out["open_searcher_ms"] = round((time.perf_counter() - t) * 1000, 1)

    # Query latency: long-lived searcher, committee member (permission filter), facets and highlights.
    # The first pass is reported apart (cold: every query part computed for the first time on this
    # searcher); the timed passes are a running server answering queries it has seen (warm caches).
    latencies, stages, cold = [], {}, []
    for r in range(rounds + 1):
        for q, lang in QUERIES:
            t = time.perf_counter()
            res = search(SearchParams(q=q, lang=lang), COMMITTEE_LEVELS, 7, glossary, h=holder)
            elapsed = time.perf_counter() - t
            if r == 0:
                cold.append(elapsed)
                continue
            latencies.append(elapsed)
            for stage, secs in res.timings.items():
                stages.setdefault(stage, []).append(secs)
    out["cold_query_p50_ms"] = round(pct(cold, 50) * 1000, 1)   # first time each query runs on this searcher
    out["cold_query_p95_ms"] = round(pct(cold, 95) * 1000, 1)
    out["query_p50_ms"] = round(pct(latencies, 50) * 1000, 1)
    out["query_p95_ms"] = round(pct(latencies, 95) * 1000, 1)
    out["query_max_ms"] = round(max(latencies) * 1000, 1)
    out["stages_median_p95_ms"] = {k: [round(pct(v, 50) * 1000, 1), round(pct(v, 95) * 1000, 1)]
                                   for k, v in stages.items()}
    t = time.perf_counter()
    search(SearchParams(q="travail forcé", lang="fr"), COMMITTEE_LEVELS, 8, glossary, h=holder)
    out["first_query_new_permission_scope_ms"] = round((time.perf_counter() - t) * 1000, 1)

    # Outbox-to-searchable: a one-document commit (what apply_outbox does per batch), then the long-lived
    # searcher notices the new generation and finds the document.
    delays, commits = [], []
    for k in range(5):
        doc = make_doc(n + 1 + k, sentences)
        doc.title_fr = f"Document témoin quokkazeta{k}"
        doc.visibility = "public"
        t = time.perf_counter()
        w = ix.writer(timeout=30)
        w.delete_by_term("key", doc.key)
        w.add_document(**to_fields(doc))
        w.commit()
        commits.append(time.perf_counter() - t)
        holder.changed()
        while search(SearchParams(q=f"quokkazeta{k}", lang="fr", facets=False, highlights=False, suggest=False),
                     {"public"}, None, glossary, h=holder).total == 0:
            time.sleep(0.01)
        delays.append(time.perf_counter() - t)
    out["one_doc_commit_ms"] = round(statistics.median(commits) * 1000, 1)
    out["outbox_to_searchable_ms"] = round(statistics.median(delays) * 1000, 1)
    t = time.perf_counter()
    search(SearchParams(q="travail forcé", lang="fr"), COMMITTEE_LEVELS, 7, glossary, h=holder)
    out["first_query_after_commit_ms"] = round((time.perf_counter() - t) * 1000, 1)
    holder.close_all()
    return out


def fts_query(q: str) -> str:
    """The same query for FTS5: phrases kept, prefixes kept, words OR-ed (bm25 ranks all-terms first)."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', q):
        if m.group(1):
            parts.append('"' + m.group(1).replace('"', "") + '"')
        else:
            word = re.sub(r"[^\w*]", " ", m.group(2)).split()
            for wd in word:
                parts.append(wd if wd.endswith("*") else f'"{wd}"')
    return " OR ".join(parts)


def bench_fts5(n: int, sentences, work: Path, rounds: int) -> dict:
    out: dict = {}
    path = work / "fts.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, type TEXT, visibility TEXT, owner TEXT, pillar TEXT, "
                "province TEXT, year TEXT, stakeholder TEXT)")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    batch_docs, batch_fts = [], []
    for i in range(1, n + 1):
        d = make_doc(i, sentences)
        batch_docs.append((i, d.doc_type, d.visibility, ",".join(map(str, d.owner_org_ids)), d.pillar or "",
                           ",".join(d.jurisdictions), str(d.date.year), d.stakeholder_category))
        batch_fts.append((i, d.title_fr, d.body_fr))
        if len(batch_docs) >= 1000:
            con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", batch_docs)
            con.executemany("INSERT INTO fts(rowid, title, body) VALUES (?,?,?)", batch_fts)
            batch_docs, batch_fts = [], []
    con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", batch_docs)
    con.executemany("INSERT INTO fts(rowid, title, body) VALUES (?,?,?)", batch_fts)
    con.commit()
    build = time.perf_counter() - t0
    out["build_seconds"] = round(build, 1)
    out["index_rate_docs_per_s"] = round(n / build, 1)
    out["db_mb"] = round(path.stat().st_size / 1e6, 1)
    vis = "('public','internal','committee')"
    latencies = []
    for r in range(rounds + 1):
        for q, _lang in QUERIES:
            match = fts_query(q)
            t = time.perf_counter()
            perm = f"(d.visibility IN {vis} OR ','||d.owner||',' LIKE '%,7,%')"
            total = con.execute(f"SELECT count(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? AND {perm}",
                                (match,)).fetchone()[0]
            con.execute(f"SELECT d.id, bm25(fts, 2.5, 1.0) AS score, snippet(fts, 1, '<mark>', '</mark>', '…', 24) "
                        f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? AND {perm} "
                        f"ORDER BY score LIMIT 10", (match,)).fetchall()
            for col in ("type", "pillar", "province", "year", "stakeholder"):
                con.execute(f"SELECT d.{col}, count(*) FROM fts JOIN docs d ON d.id = fts.rowid "
                            f"WHERE fts MATCH ? AND {perm} GROUP BY d.{col}", (match,)).fetchall()
            elapsed = time.perf_counter() - t
            if r:
                latencies.append(elapsed)
            del total
    out["query_p50_ms"] = round(pct(latencies, 50) * 1000, 1)
    out["query_p95_ms"] = round(pct(latencies, 95) * 1000, 1)
    out["note"] = "no stemming, no glossary, no accent-insensitive French plural/feminine joining"
    con.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--out")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    sentences = load_sentences(Path(args.seeds))
    work = Path(tempfile.mkdtemp(prefix=f"search-bench-{args.docs}-"))
    try:
        sample = [make_doc(i, sentences) for i in range(1, 201)]
        result = {"docs": args.docs, "queries": len(QUERIES), "rounds": args.rounds, "cpus": os.cpu_count(),
                  "avg_words": round(statistics.mean(len(d.body_fr.split()) for d in sample))}
        result["whoosh"] = bench_whoosh(args.docs, sentences, work, args.procs, args.rounds)
        print(json.dumps(result, indent=1), flush=True)
        result["fts5"] = bench_fts5(args.docs, sentences, work, args.rounds)
        print(json.dumps(result, indent=1))
        if args.out:
            Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
