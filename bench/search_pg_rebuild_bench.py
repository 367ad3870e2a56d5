"""`concerto search rebuild` on PostgreSQL from the portal's own records (not a test): the documents as the
providers produce them from the ORM (`iter_all_documents`), timed alone, then the whole rebuild
(pg/maintain.rebuild: those documents loaded by parallel sessions, indexes, swap).

    nice -n 10 .venv/bin/python bench/search_pg_rebuild_bench.py \\
        --database postgresql://postgres@127.0.0.1:5432/concerto_bench_rebuild [--commitments 2000 --updates 20000]

The database is emptied (DROP SCHEMA public CASCADE) and filled with commitments_bench.py's plan: commitments
and progress updates, each a search document. bench/search_pg_bench.py measures the build on a corpus of
longer documents without the ORM.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from commitments_bench import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database", required=True)
    ap.add_argument("--commitments", type=int, default=2000)
    ap.add_argument("--updates", type=int, default=20000)
    ap.add_argument("--out")
    args = ap.parse_args()
    from portal import create_app
    from portal.extensions import db
    from portal.search.documents import iter_all_documents
    from portal.search.pg import maintain

    url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CONCERTO_SEARCH_ENGINE": "postgresql", "TESTING": True,
                      "SECRET_KEY": "bench", "DB_STATEMENT_TIMEOUT_MS": 0})   # as the command line
    generate(app, args.commitments, args.updates)
    result = {"commitments": args.commitments, "updates": args.updates, "cpus": os.cpu_count(),
              "load_before": [round(x, 2) for x in os.getloadavg()]}
    with app.app_context():
        t = time.perf_counter()
        n = sum(1 for _doc in iter_all_documents())
        seconds = time.perf_counter() - t
        db.session.rollback()
        db.session.expunge_all()
        result["orm_documents"] = {"documents": n, "seconds": round(seconds, 1),
                                   "ms_per_document": round(seconds * 1000 / max(n, 1), 2)}
        timings: dict = {}
        real_build = maintain.build
        maintain.build = lambda docs, **kw: real_build(docs, **kw, timings=timings)
        try:
            count, seconds = maintain.rebuild()
        finally:
            maintain.build = real_build
        result["rebuild"] = {"documents": count, "seconds": round(seconds, 1),
                             "docs_per_s": round(count / seconds, 1), "stages_s": timings}
        db.session.remove()
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
