"""Commitments benchmark (not a test): a plan with 2,000 commitments and 20,000 progress updates; the
dashboard's and the list's server time (median, p95) and SQL query count.

    nice -n 10 .venv/bin/python bench/commitments_bench.py [--commitments 2000] [--updates 20000] [--runs 30]
        [--database-url postgresql://postgres@127.0.0.1:5432/concerto_commitments_bench]

Without --database-url it uses a fresh SQLite file in a temporary directory. The data is bulk-inserted
(Core inserts), then each page is requested through the WSGI app (Flask test client) as the secretariat
and as a visitor; "server time" is the time of the full request inside the process. Queries are counted
with a SQLAlchemy before_cursor_execute listener. "visitor" is served from the page cache kept for signed-out
visitors (portal/pagecache.py) after the warm-up; "visitor, no cache" renders every time.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def generate(app, commitments: int, updates: int) -> tuple[str, int]:
    """Fill the app's (emptied) database with the benchmark plan "BENCH"; returns the secretariat's session
    token and user id."""
    from sqlalchemy import insert, text

    from portal.auth.models import Organisation, UserSession, hash_token
    from portal.commitments import services
    from portal.commitments.models import Commitment, ProgressUpdate, Spending
    from portal.extensions import db

    rng = random.Random(2026)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
        shorts = ["PS", "RCMP", "CBSA", "JUS", "IRCC", "ESDC", "GAC", "WAGE", "FINTRAC", "PPSC", "STATCAN", "ISC"]
        orgs = [Organisation(short_name=s, org_type="federal", name_en=s, name_fr=s) for s in shorts]
        db.session.add_all(orgs)
        db.session.flush()
        plan = services.create_plan("BENCH", "Plan de référence", "Benchmark plan", period_start=date(2019, 4, 1),
                                    period_end=date(2029, 3, 31), pillars=[
                                        ("prevention", "Prévention", "Prevention"),
                                        ("protection", "Protection", "Protection"),
                                        ("prosecution", "Poursuites", "Prosecution"),
                                        ("partnerships", "Partenariats", "Partnerships"),
                                        ("empowerment", "Autonomisation", "Empowerment")])
        from portal.auth import services as auth_services

        secretariat = auth_services.create_user("secretariat@bench.test", orgs[0], ["secretariat"], password=None)
        # Two-step sign-in is required of the secretariat: the bench's account has it set up already.
        secretariat.totp_secret, secretariat.totp_enabled_at = "JBSWY3DPEHPK3PXP", datetime.now(timezone.utc)
        db.session.commit()
        pillar_ids = [p.id for p in plan.pillars]
        statuses = ["not_started", "on_track", "at_risk", "delayed", "completed", "ongoing", "cancelled"]
        now = datetime.now(timezone.utc)
        t0 = time.perf_counter()
        n_tasks = commitments // 5
        rows, ids = [], []
        for i in range(commitments):
            is_task = i < n_tasks
            ref = f"{i + 1}" if is_task else f"{(i % n_tasks) + 1}.{i // n_tasks}"
            due = date(2019, 6, 30) + timedelta(days=rng.randrange(0, 3650))
            rows.append({"id": i + 1, "plan_id": plan.id, "pillar_id": pillar_ids[i % 5], "ref": ref,
                         "parent_id": None if is_task else (i % n_tasks) + 1, "sort_key": services.sort_key(ref),
                         "title_fr": f"Engagement {ref}", "title_en": f"Commitment {ref}", "description_fr": "",
                         "description_en": "", "lead_organisation_id": orgs[i % len(orgs)].id,
                         "due_kind": "date", "due_date": due, "status": rng.choice(statuses),
                         "progress": rng.randrange(0, 101), "weight": 1,
                         "visibility": "public" if i % 10 else "internal", "created_at": now, "updated_at": now})
        db.session.execute(insert(Commitment), rows)
        upd_rows = []
        for j in range(updates):
            cid = rng.randrange(1, commitments + 1)
            upd_rows.append({"commitment_id": cid, "organisation_id": orgs[cid % len(orgs)].id,
                             "as_of": date(2019, 7, 1) + timedelta(days=rng.randrange(0, 2500)),
                             "state": rng.choice(["published"] * 6 + ["submitted", "draft"]),
                             "status": rng.choice(statuses), "progress": rng.randrange(0, 101), "no_change": False,
                             "narrative_fr": "Texte", "narrative_en": "Text", "challenges_fr": "", "challenges_en": "",
                             "is_sample": False, "return_comment": "", "created_at": now})
        db.session.execute(insert(ProgressUpdate), upd_rows)
        spend = []
        for cid in range(1, commitments + 1, 2):
            for fy in ("2019-2020", "2020-2021", "2021-2022", "2022-2023", "2023-2024"):
                planned = rng.randrange(10_000, 500_000)
                spend.append({"commitment_id": cid, "fiscal_year": fy, "planned": planned,
                              "actual": int(planned * rng.uniform(0.85, 1.1)), "funding_source": "dedicated",
                              "variance_reason": "", "note": ""})
        db.session.execute(insert(Spending), spend)
        token = UserSession.new_token()
        db.session.add(UserSession(token_hash=hash_token(token), user_id=secretariat.id))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        print(f"database: {db.engine.dialect.name}; generated {commitments} commitments, {updates} updates, "
              f"{len(spend)} spending rows in {time.perf_counter() - t0:.1f}s")

        return token, secretariat.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--commitments", type=int, default=2000)
    ap.add_argument("--updates", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="concerto-cm-bench-"))
    os.environ["CONCERTO_INSTANCE_DIR"] = str(tmp / "instance")
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]

    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CONCERTO_DATA_DIR": str(tmp / "data"),
                      "SEARCH_APPLY_AFTER_COMMIT": False, "WTF_CSRF_ENABLED": False})
    token, secretariat_id = generate(app, args.commitments, args.updates)
    with app.app_context():
        counter = {"n": 0}

        def before(*_a):
            counter["n"] += 1

        event.listen(db.engine, "before_cursor_execute", before)
        visitor = app.test_client()
        staff = app.test_client()
        with staff.session_transaction() as sess:
            sess["sid"], sess["_user_id"], sess["_fresh"] = token, str(secretariat_id), True
        pages = [("dashboard", "/en/commitments/plans/BENCH"),
                 ("list", "/en/commitments/plans/BENCH/commitments"),
                 ("list, filtered (org + overdue)", "/en/commitments/plans/BENCH/commitments?org=RCMP&overdue=1"),
                 ("list, page 20", "/en/commitments/plans/BENCH/commitments?page=20")]
        print(f"\n{'page':34} {'who':17} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, path in pages:
            for who, client, cache in (("secretariat", staff, True), ("visitor, no cache", visitor, False),
                                       ("visitor", visitor, True)):
                app.config["PAGE_CACHE"] = cache  # portal/pagecache.py: pages kept for signed-out visitors
                client.get(path)  # warm-up
                times, queries = [], set()
                for _ in range(args.runs):
                    counter["n"] = 0
                    start = time.perf_counter()
                    resp = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert resp.status_code == 200, (path, resp.status_code)
                    queries.add(counter["n"])
                print(f"{name:34} {who:17} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} "
                      f"{'/'.join(map(str, sorted(queries))):>8}")


if __name__ == "__main__":
    main()
