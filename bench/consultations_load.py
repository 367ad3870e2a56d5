"""Load check for anonymous consultation input (not a timed test; run it by hand).

    .venv/bin/python bench/consultations_load.py                  # starts its own server (gunicorn, SQLite)
    .venv/bin/python bench/consultations_load.py --url http://127.0.0.1:5000 --slug my-open-consultation \
        --database-url sqlite:////path/to/instance/concerto.sqlite3

Sends N anonymous submissions (default 500) from C concurrent clients (default 20 threads, bounded), each
client getting the form, then sending it; a share of the forms is sent twice at once, as a double click
would. Then it reports how many were acknowledged (a page with a receipt code) and how many are stored:
the two must be equal, with no duplicates. Loopback addresses only: it refuses any other host.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')
QUESTION = re.compile(r'<textarea[^>]*name="(q_\d+)"')
CODE = re.compile(r"<code data-receipt-code>([A-Z2-7-]{19})</code>")
PAPER = """# Consultation de charge

Pour mesurer.

## Section

### Questions

- Une question ouverte?
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _loopback_only(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: loopback addresses only")


class OwnServer:
    """A scratch instance: migrated SQLite database, one open consultation, gunicorn with the project's
    gunicorn.conf.py (so the access log is the production one, without client addresses)."""

    def __init__(self, workers: int, threads: int):
        self.dir = Path(tempfile.mkdtemp(prefix="concerto-load-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, CONCERTO_INSTANCE_DIR=str(self.dir), CONCERTO_SEARCH_INLINE="0",
                        GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=str(workers),
                        GUNICORN_THREADS=str(threads), GUNICORN_ACCESS_LOG=str(self.dir / "access.log"))
        self.env.pop("DATABASE_URL", None)
        self.database_url = f"sqlite:///{self.dir / 'concerto.sqlite3'}"
        self.slug = "charge"
        self.proc = None

    def start(self) -> None:
        concerto = str(BIN / "concerto")
        subprocess.run([concerto, "db", "upgrade", "heads"], env=self.env, cwd=ROOT, check=True,
                       capture_output=True)
        (self.dir / "paper.md").write_text(PAPER, encoding="utf-8")
        subprocess.run([concerto, "consultations", "import-paper", str(self.dir / "paper.md"), "--slug", self.slug,
                        "--opens", "2000-01-01T00:00", "--closes", "2100-01-01T00:00"],
                       env=self.env, cwd=ROOT, check=True, capture_output=True)
        self.proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                                      "portal:create_app()"], env=self.env, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=open(self.dir / "error.log", "wb"))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/v1/health", timeout=10).read()
                return
            except OSError:   # refused while starting, or a worker still booting
                time.sleep(0.5)
        raise SystemExit("the server did not start; see " + str(self.dir / "error.log"))

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


def _send(url: str, slug: str, n: int, twice: bool) -> list[str]:
    """One visitor: get the form, fill it, send it (twice at once for a double click). Receipt codes seen."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = f"{url}/fr/consultations/{slug}/repondre"
    html = opener.open(page, timeout=60).read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    data = {"token": TOKEN.search(html).group(1), "consent": "secretariat_only", "language": "fr",
            QUESTION.search(html).group(1): f"Contribution de charge numéro {n}."}
    if csrf:
        data["csrf_token"] = csrf.group(1)
    body = urllib.parse.urlencode(data).encode()

    def post():
        req = urllib.request.Request(page, data=body, headers={"Referer": page})
        try:
            text = opener.open(req, timeout=120).read().decode()
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        m = CODE.search(text)
        return m.group(1) if m else "no receipt"

    if not twice:
        return [post()]
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(post())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def stored(database_url: str, slug: str) -> tuple[int, int, int]:
    """(rows, distinct bodies, distinct receipt hashes) of the consultation's input."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        row = conn.execute(text(
            "SELECT count(*), count(DISTINCT a.text), count(DISTINCT s.receipt_hash) "
            "FROM consultation_submissions s JOIN consultations c ON c.id = s.consultation_id "
            "LEFT JOIN consultation_answers a ON a.submission_id = s.id "
            "WHERE c.slug = :slug AND s.status = 'submitted'"), {"slug": slug}).one()
    engine.dispose()
    return int(row[0]), int(row[1]), int(row[2])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server (loopback only); default: start one")
    ap.add_argument("--slug", help="an open public consultation on that server")
    ap.add_argument("--database-url", help="its database, to count what is stored")
    ap.add_argument("-n", "--submissions", type=int, default=500)
    ap.add_argument("-c", "--clients", type=int, default=20)
    ap.add_argument("--double-every", type=int, default=10, help="every Nth form is sent twice at once")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    if args.clients < 1 or args.clients > 64:
        raise SystemExit("between 1 and 64 clients")
    server = None
    if args.url:
        if not (args.slug and args.database_url):
            raise SystemExit("--url needs --slug and --database-url")
        _loopback_only(args.url)
        url, slug, database_url = args.url.rstrip("/"), args.slug, args.database_url
    else:
        server = OwnServer(args.workers, args.threads)
        server.start()
        url, slug, database_url = server.url, server.slug, server.database_url
    try:
        before = stored(database_url, slug)[0]
        started = time.monotonic()
        codes: list[str] = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.clients) as pool:
            jobs = [pool.submit(_send, url, slug, i, args.double_every > 0 and i % args.double_every == 0)
                    for i in range(args.submissions)]
            per_form = [job.result() for job in jobs]
        elapsed = time.monotonic() - started
        for results in per_form:
            codes.extend(results)
        acknowledged_forms = sum(1 for results in per_form
                                 if results and all(re.fullmatch(r"[A-Z2-7-]{19}", r) for r in results))
        doubles_consistent = all(len(set(r)) == 1 for r in per_form if len(r) == 2)
        total, bodies, receipts = stored(database_url, slug)
        rows = total - before
        failures = [r for r in codes if not re.fullmatch(r"[A-Z2-7-]{19}", r)]
        print(f"forms sent:            {args.submissions} ({sum(len(r) for r in per_form)} POSTs, "
              f"{sum(1 for r in per_form if len(r) == 2)} sent twice at once), {args.clients} clients")
        print(f"acknowledged:          {acknowledged_forms}")
        print(f"stored:                {rows}")
        print(f"duplicates stored:     {total - bodies} by text, {total - receipts} by receipt")
        print(f"double sends, same receipt both times: {'yes' if doubles_consistent else 'NO'}")
        print(f"failed requests:       {len(failures)} {sorted(set(failures))[:5]}")
        print(f"elapsed:               {elapsed:.1f} s ({args.submissions / elapsed:.1f} forms/s)")
        ok = acknowledged_forms == rows == args.submissions and bodies == receipts == total and doubles_consistent \
            and not failures
        print("RESULT:", "OK (acknowledged == stored, no duplicates)" if ok else "MISMATCH")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
