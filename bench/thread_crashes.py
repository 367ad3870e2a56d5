"""Crash loop for gunicorn's threaded workers (not a test; findings in docs/operations.md, "Workers dying of SIGSEGV").

    nice -n 5 .venv/bin/python bench/thread_crashes.py [--requests 4000] [--threads 2] [--clients 6]
        [--block markupsafe._speedups,greenlet,wrapt._wrappers] [--stub feedgen,lxml,argon2,nh3]
        [--env PSYCOPG_IMPL=python --env DISABLE_SQLALCHEMY_CEXT_RUNTIME=1] [--python /usr/bin/python3.11]
        [--db-name concerto_bench_segv] [--keep-db]

Builds the 2,000-commitment plan of bench/commitments_bench.py in a PostgreSQL database of its own, starts ONE
gunicorn worker with --threads threads (page cache off: every request renders), and sends --requests requests
from --clients clients over the four list and dashboard pages, alternately as the secretariat (signed in) and as a
visitor. It reports the answers by status, how many times the worker died of a signal (gunicorn's "was sent
SIGSEGV!"), and the extension modules the dead worker had loaded (faulthandler's list). With `ulimit -c
unlimited` and kernel.core_pattern "core", the dead worker leaves a core file in --core-dir for gdb.

--block makes those imports fail in the worker (the packages fall back to pure Python); --stub puts inert modules in
place of packages these pages never call (feeds, password hashing, Markdown cleaning), so that no third-party C
extension at all is loaded (check with --show-maps). --python runs gunicorn under another interpreter; that
interpreter needs the project's packages (e.g. `python3.11 -m venv DIR && DIR/bin/pip install -e .`) and its
gunicorn next to it.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PAGES = ["/fr/engagements/plans/BENCH", "/fr/engagements/plans/BENCH/engagements",
         "/fr/engagements/plans/BENCH/engagements?page=20",
         "/fr/engagements/plans/BENCH/engagements?org=RCMP&overdue=1"]

# Imported by the worker's sitecustomize: BLOCK_MODULES fail to import, STUB_MODULES are inert stand-ins.
SITECUSTOMIZE = '''
import importlib.machinery, os, sys, types
_blocked = {m for m in os.environ.get("BLOCK_MODULES", "").split(",") if m}
_stubbed = {m for m in os.environ.get("STUB_MODULES", "").split(",") if m}


class _Inert:
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): return _Inert()
    def __getattr__(self, name): return _Inert()
    def __str__(self): return "stub"


class _StubModule(types.ModuleType):
    __path__ = []
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (Exception,), {}) if name.endswith(("Error", "Mismatch")) else _Inert


class _Finder:
    def find_spec(self, name, path=None, target=None):
        if name in _blocked or any(name.startswith(b + ".") for b in _blocked):
            raise ImportError("blocked by bench/thread_crashes.py: " + name)
        if name.split(".")[0] in _stubbed:
            return importlib.machinery.ModuleSpec(name, self)
        return None
    def create_module(self, spec):
        return _StubModule(spec.name)
    def exec_module(self, module):
        pass


if _blocked or _stubbed:
    sys.meta_path.insert(0, _Finder())
'''


def build(admin_url: str, db_name: str, tmp: Path) -> tuple[str, str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    url = admin.set(database=db_name).render_as_string(hide_password=False)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{db_name}"')
    engine.dispose()
    os.environ["CONCERTO_INSTANCE_DIR"] = str(tmp / "instance")
    from commitments_bench import generate

    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "thread-crashes",
                      "CONCERTO_DATA_DIR": str(tmp / "data"), "SEARCH_APPLY_AFTER_COMMIT": False})
    token, user_id = generate(app, 2000, 20000)
    cookie = f"{app.config['SESSION_COOKIE_NAME']}=" + app.session_interface.get_signing_serializer(app).dumps(
        {"sid": token, "_user_id": str(user_id), "_fresh": True})
    return url, cookie


def drop(admin_url: str, db_name: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    engine.dispose()


def hammer(port: int, requests: int, clients: int, cookie: str) -> collections.Counter:
    def one(i: int) -> int:
        headers = {"Cookie": cookie} if i % 2 == 0 else {}
        req = urllib.request.Request(f"http://127.0.0.1:{port}{PAGES[(i // 2) % len(PAGES)]}", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:  # the worker died with this request in flight
            return 0

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        return collections.Counter(pool.map(one, range(requests)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--db-name", default="concerto_bench_segv")
    ap.add_argument("--keep-db", action="store_true", help="leave the database for the next run")
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--clients", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--port", type=int, default=8751)
    ap.add_argument("--block", default="", help="comma-separated modules whose import fails in the worker")
    ap.add_argument("--stub", default="", help="comma-separated packages replaced by inert modules in the worker")
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the worker (repeatable)")
    ap.add_argument("--python", help="interpreter to run gunicorn with (its own gunicorn next to it)")
    ap.add_argument("--core-dir", default=None, help="the worker's working directory, where a core file lands")
    ap.add_argument("--show-maps", action="store_true", help="list the shared objects the worker has mapped")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="concerto-thread-crashes-"))
    core_dir = Path(args.core_dir or tmp / "cwd")
    core_dir.mkdir(parents=True, exist_ok=True)
    (tmp / "site").mkdir()
    (tmp / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    url, cookie = build(args.admin_url, args.db_name, tmp)
    gunicorn = str(Path(args.python or sys.executable).parent / "gunicorn")
    env = {**os.environ, "PYTHONPATH": f"{tmp / 'site'}{os.pathsep}{ROOT}", "DATABASE_URL": url,
           "SECRET_KEY": "thread-crashes", "CONCERTO_ENV": "development", "CONCERTO_DATA_DIR": str(tmp / "data"),
           "CONCERTO_INSTANCE_DIR": str(tmp / "instance"), "CONCERTO_SEARCH_INLINE": "0",
           "CONCERTO_PAGE_CACHE": "0", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": str(args.threads),
           "GUNICORN_ACCESS_LOG": "/dev/null", "GUNICORN_LOG_LEVEL": "warning",
           "GUNICORN_BIND": f"127.0.0.1:{args.port}", "BLOCK_MODULES": args.block, "STUB_MODULES": args.stub}
    env.update(kv.split("=", 1) for kv in args.env)
    log = tmp / "gunicorn.log"
    proc = subprocess.Popen([gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "--chdir", str(core_dir),
                             "portal:create_app()"], env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/api/v1/health", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {log}") from None
                time.sleep(0.5)
        if args.show_maps:
            workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
            maps = Path(f"/proc/{workers[0]}/maps").read_text() if workers else ""
            print("site-packages objects mapped in the worker:",
                  sorted({m for m in re.findall(r"site-packages/\S+\.so\S*", maps)}) or "none")
        started, load = time.monotonic(), open("/proc/loadavg").read().split()[:3]
        statuses = hammer(args.port, args.requests, args.clients, cookie)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        if not args.keep_db:
            drop(args.admin_url, args.db_name)
    text = log.read_text(errors="replace")
    deaths = re.findall(r"was sent (SIG\w+)", text)
    modules = sorted(set(re.findall(r"Extension modules: ([^\n]*)", text)))
    print(f"1 worker x {args.threads} threads, block={args.block or '-'}, stub={args.stub or '-'}, "
          f"env={' '.join(args.env) or '-'}, python={args.python or sys.executable}")
    print(f"{args.requests} requests in {elapsed:.0f} s ({args.requests / elapsed:.1f} req/s, load at start "
          f"{' '.join(load)}, at end {' '.join(open('/proc/loadavg').read().split()[:3])}): {dict(statuses)}")
    print(f"worker deaths: {len(deaths)} {collections.Counter(deaths) if deaths else ''}")
    for line in modules:
        print(f"  extension modules in a dead worker: {line}")
    print(f"log: {log}; cores (if any): {core_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
