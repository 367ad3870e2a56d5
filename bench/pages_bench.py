"""Pages on PostgreSQL under concurrent clients (not a test; figures in docs/operations.md).

    nice -n 10 .venv/bin/python bench/pages_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--db-name concerto_bench_pages] [--commitments 2000] [--updates 20000] [--clients 8] [--requests 240]

Builds the 2,000-commitment plan of bench/commitments_bench.py in a database of its own, starts gunicorn
(2 workers x 2 threads, as in production) on it, then for each page sends --requests requests from --clients
concurrent clients and reports req/s, p50 and p95 (milliseconds, client side, whole request):

- as a signed-out visitor, with the page cache (portal/pagecache.py, the default) and without it
  (CONCERTO_PAGE_CACHE=0: every request renders);
- as the secretariat and as a department lead of RCMP (signed in: the page is never kept whole; its heavy part
  is rendered once per audience and reused, portal/fragments.py);
- while a writer changes a commitment every --write-every seconds through the ORM, as a service does (each
  commit gives the scope a new stamp: the next request of each page renders again).

Before the load, the SQL statements of one request of each page are counted in-process (a SQLAlchemy
before_cursor_execute listener), cold and from the cache. The machine's load average is printed beside each
series (the development machine is shared).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PAGES = [("dashboard", "/fr/engagements/plans/BENCH"),
         ("commitment list", "/fr/engagements/plans/BENCH/engagements"),
         ("list, page 20", "/fr/engagements/plans/BENCH/engagements?page=20"),
         ("list, filtered (org + overdue)", "/fr/engagements/plans/BENCH/engagements?org=RCMP&overdue=1"),
         ("plans API", "/api/v1/plans"),
         ("plan's commitments API", "/api/v1/plans/BENCH/commitments?lang=fr"),
         ("health (no page)", "/api/v1/health")]


def load() -> str:
    return " ".join(open("/proc/loadavg").read().split()[:3])


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def count_statements(app, token: str, user_id: int) -> None:
    from sqlalchemy import event

    from portal.extensions import db
    from portal.fragments import STORE
    from portal.pagecache import CACHE

    counter = {"n": 0}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *_a: counter.__setitem__("n", counter["n"] + 1))
    visitor, staff = app.test_client(), app.test_client()
    with staff.session_transaction() as sess:
        sess["sid"], sess["_user_id"], sess["_fresh"] = token, str(user_id), True
    print(f"\nSQL statements per request (in-process)\n  {'page':32} {'visitor, cold':>14} {'visitor, kept':>14} "
          f"{'secretariat, rendered':>22} {'secretariat, shared part kept':>30}")
    for name, path in PAGES:
        CACHE.clear()
        STORE.clear()
        staff.get("/api/v1/health")  # the signed-in session's once-a-minute touch is not the page's
        out = []
        for client in (visitor, visitor, staff, staff):
            counter["n"] = 0
            assert client.get(path).status_code == 200, path
            out.append(counter["n"])
        print(f"  {name:32} {out[0]:14} {out[1]:14} {out[2]:22} {out[3]:30}")


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                             "portal:create_app()"], cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                            stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not start; see {log}")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)


def hammer(port: int, path: str, clients: int, requests: int, cookie: str | None) -> tuple[float, list, int]:
    headers = {"Cookie": cookie} if cookie else {}

    def one(_i):
        started = time.monotonic()
        try:
            with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers),
                                        timeout=60) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except OSError:  # a dropped connection counts as an error, not the end of the bench
            status = 0
        return status, time.monotonic() - started

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.monotonic() - started
    return requests / elapsed, [t * 1000 for _s, t in results], sum(1 for s, _t in results if s != 200)


def series(title: str, port: int, args, cookie: str | None = None, pages=PAGES) -> None:
    print(f"\n{title} (load average {load()})\n  {'page':32} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}  errors")
    for name, path in pages:
        hammer(port, path, args.clients, args.clients * 2, cookie)  # warm-up: connections, first render
        rate, times, errors = hammer(port, path, args.clients, args.requests, cookie)
        print(f"  {name:32} {rate:7.1f} {statistics.median(times):7.0f} {percentile(times, 95):7.0f}  {errors}")


def writer(app, stop_at: threading.Event, every: float, counter: dict) -> None:
    """Changes a commitment's progress through the ORM every `every` seconds (a new stamp each)."""
    from portal.commitments.models import Commitment
    from portal.extensions import db

    with app.app_context():
        while not stop_at.wait(every):
            c = db.session.get(Commitment, 1 + counter["n"] % 50)
            c.progress = (c.progress + 1) % 101
            db.session.commit()
            counter["n"] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--db-name", default="concerto_bench_pages")
    ap.add_argument("--commitments", type=int, default=2000)
    ap.add_argument("--updates", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=240)
    ap.add_argument("--write-every", type=float, default=1.0)
    args = ap.parse_args()
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = make_url(args.admin_url).set(drivername="postgresql+psycopg")
    url = admin.set(database=args.db_name).render_as_string(hide_password=False)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{args.db_name}"')
    engine.dispose()
    tmp = Path(tempfile.mkdtemp(prefix="concerto-pages-bench-"))
    os.environ["CONCERTO_INSTANCE_DIR"] = str(tmp / "instance")
    from commitments_bench import generate

    from portal import create_app

    secret = "pages-bench"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret, "CONCERTO_DATA_DIR": str(tmp / "data"),
                      "SEARCH_APPLY_AFTER_COMMIT": False})
    print(f"pages bench: {args.commitments} commitments, {args.updates} updates on PostgreSQL ({args.db_name}); "
          f"gunicorn 2 workers x 2 threads; {args.clients} clients x {args.requests} requests per page")
    token, user_id = generate(app, args.commitments, args.updates)
    count_statements(app, token, user_id)
    from pages_profile import department_lead

    def cookie_for(sid: str, uid: int) -> str:
        return f"{app.config['SESSION_COOKIE_NAME']}=" + app.session_interface.get_signing_serializer(app).dumps(
            {"sid": sid, "_user_id": str(uid), "_fresh": True})

    cookie, lead_cookie = cookie_for(token, user_id), cookie_for(*department_lead(app))
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret, "CONCERTO_ENV": "development",
           "CONCERTO_DATA_DIR": str(tmp / "data"), "CONCERTO_SEARCH_INLINE": "0", "GUNICORN_WORKERS": "2",
           "GUNICORN_THREADS": "2", "GUNICORN_ACCESS_LOG": "/dev/null", "GUNICORN_LOG_LEVEL": "warning"}
    port = 8731
    for title, extra, who in (("Signed-out visitor, page cache on (the default)", {}, None),
                              ("Signed-out visitor, page cache off (CONCERTO_PAGE_CACHE=0)",
                               {"CONCERTO_PAGE_CACHE": "0"}, None),
                              ("The secretariat, signed in (page not kept; its shared part is)", {}, cookie),
                              ("A department lead (RCMP), signed in", {}, lead_cookie)):
        proc = start_gunicorn({**env, **extra}, port, tmp / "gunicorn.log")
        try:
            series(title, port, args, who)
            if not extra and who is None and args.write_every > 0:
                done, counter = threading.Event(), {"n": 0}
                t = threading.Thread(target=writer, args=(app, done, args.write_every, counter), daemon=True)
                t.start()
                series(f"Signed-out visitor, cache on, a commitment changed every {args.write_every:g} s", port, args,
                       pages=PAGES[:2] + PAGES[4:5])
                done.set()
                t.join()
                print(f"  ({counter['n']} changes committed during the series)")
        finally:
            stop(proc)
    print(f"\nload average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
