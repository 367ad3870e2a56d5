"""Where a signed-in page's time goes (not a test): statements, SQL time, template time, the rest (Python).

    nice -n 10 .venv/bin/python bench/pages_profile.py [--database-url postgresql://postgres@127.0.0.1:5432/DB]
        [--build] [--runs 10] [--profile dashboard] [--top 30]

Without --build it uses a database already filled by bench/commitments_bench.py's generate() (bench/pages_bench.py
leaves one behind, `concerto_bench_pages` by default); with --build it (re)builds it there. It adds a department
lead of RCMP if there is none, then requests each page in-process (Flask test client) as the secretariat and as that
department lead, and prints per page the median of --runs requests: whole request, time inside SQL statements
(cursor execute to its end), time rendering templates (Flask's template signals), and the remainder (view code,
ORM loading, request set-up). --profile NAME runs cProfile over --runs requests of that page as each person.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PAGES = [("dashboard", "/fr/engagements/plans/BENCH"),
         ("list", "/fr/engagements/plans/BENCH/engagements"),
         ("list, page 20", "/fr/engagements/plans/BENCH/engagements?page=20"),
         ("list, filtered", "/fr/engagements/plans/BENCH/engagements?org=RCMP&overdue=1"),
         ("plans API", "/api/v1/plans"),
         ("commitments API", "/api/v1/plans/BENCH/commitments?lang=fr")]


def department_lead(app) -> tuple[str, int]:
    """A department lead of RCMP with a session (created once)."""
    from sqlalchemy import select

    from portal.auth import services as auth_services
    from portal.auth.models import Organisation, User, UserSession, hash_token
    from portal.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "lead@bench.test"))
        if user is None:
            org = db.session.scalar(select(Organisation).where(Organisation.short_name == "RCMP"))
            user = auth_services.create_user("lead@bench.test", org, ["department_lead"], password=None)
            user.totp_secret, user.totp_enabled_at = "JBSWY3DPEHPK3PXP", datetime.now(timezone.utc)
        token = UserSession.new_token()
        db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
        db.session.commit()
        return token, user.id


def secretariat(app) -> tuple[str, int]:
    from sqlalchemy import select

    from portal.auth.models import User, UserSession, hash_token
    from portal.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@bench.test"))
        token = UserSession.new_token()
        db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
        db.session.commit()
        return token, user.id


def client_for(app, token: str, user_id: int):
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["sid"], sess["_user_id"], sess["_fresh"] = token, str(user_id), True
    return client


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/concerto_bench_pages")
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--profile", default="")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sql", default="", help="print the statements of one request of this page as each person")
    args = ap.parse_args()
    url = args.database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    tmp = Path(tempfile.mkdtemp(prefix="concerto-pages-profile-"))
    os.environ["CONCERTO_INSTANCE_DIR"] = str(tmp / "instance")
    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "pages-profile",
                      "CONCERTO_DATA_DIR": str(tmp / "data"), "SEARCH_APPLY_AFTER_COMMIT": False})
    if args.build:
        from commitments_bench import generate
        generate(app, 2000, 20000)
    people = {"secretariat": client_for(app, *secretariat(app)),
              "department lead": client_for(app, *department_lead(app))}
    acc = {"n": 0, "sql": 0.0, "tpl": 0.0}
    starts: dict = {}

    def before_exec(conn, *_a):
        conn.info["t0"] = time.perf_counter()

    def after_exec(conn, _cursor, statement, parameters, *_a):
        if acc.get("show"):
            print(f"  {(time.perf_counter() - conn.info.get('t0', 0)) * 1000:6.1f} ms  "
                  f"{' '.join(statement.split())[:300]}")
        acc["n"] += 1
        acc["sql"] += time.perf_counter() - conn.info.pop("t0", time.perf_counter())

    def tpl_start(_app, template, context):
        starts[id(template)] = time.perf_counter()

    def tpl_end(_app, template, context):
        acc["tpl"] += time.perf_counter() - starts.pop(id(template), time.perf_counter())

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before_exec)
        event.listen(db.engine, "after_cursor_execute", after_exec)
    before_render_template.connect(tpl_start, app)
    template_rendered.connect(tpl_end, app)
    print(f"\n{'page':18} {'who':16} {'stmts':>5} {'total ms':>9} {'SQL ms':>7} {'template ms':>11} {'rest ms':>8} "
          f"{'bytes':>8}   (median of {args.runs}; load average {open('/proc/loadavg').read().split()[0]})")
    for name, path in PAGES:
        for who, client in people.items():
            client.get(path)
            client.get(path)
            rows = []
            for _ in range(args.runs):
                acc.update(n=0, sql=0.0, tpl=0.0)
                t0 = time.perf_counter()
                resp = client.get(path)
                total = time.perf_counter() - t0
                assert resp.status_code == 200, (path, who, resp.status_code)
                rows.append((acc["n"], total, acc["sql"], acc["tpl"], len(resp.data)))
            med = [statistics.median(r[i] for r in rows) for i in range(5)]
            print(f"{name:18} {who:16} {med[0]:5.0f} {med[1] * 1000:9.1f} {med[2] * 1000:7.1f} {med[3] * 1000:11.1f} "
                  f"{(med[1] - med[2] - med[3]) * 1000:8.1f} {med[4]:8.0f}")
    if args.sql:
        for who, client in people.items():
            print(f"\n== statements: {args.sql} as {who}")
            acc["show"] = True
            client.get(dict(PAGES)[args.sql])
            acc["show"] = False
    if args.profile:
        path = dict(PAGES)[args.profile]
        for who, client in people.items():
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.runs):
                client.get(path)
            prof.disable()
            print(f"\n== cProfile: {args.profile} as {who}, {args.runs} requests")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
