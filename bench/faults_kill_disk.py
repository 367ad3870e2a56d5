"""Two scenarios of bench/faults.py: the scheduler killed in the middle of the mail job, and a full disk.

kill: 60 messages in the outbox, sent through a local SMTP sink. When the sink has taken the 20th message, and
  before it tells the scheduler so, the scheduler is killed (SIGKILL to its process group): the worst moment,
  a message the server has but the portal has not recorded. The scheduler is restarted; every message must
  arrive, none twice but the one in flight, and that one with the same Message-ID (portal/mail.py).
disk: the embedded set-up (SQLite and the data directory on one disk) on a small tmpfs, filled up; a visitor
  sends a consultation form: a clear message in French on the form, what was typed kept, nothing stored, the
  database intact (PRAGMA integrity_check); room again: the same form is stored once. Needs root for the
  tmpfs; without it the scenario says so (tests/foundation/test_disk_full.py covers it with a test double).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from cluster import BIN, ROOT, Client, Cluster, csrf, free_port

SUBJECT = re.compile(r"^Subject: (.*)$", re.M)
MESSAGE_ID = re.compile(r"^Message-ID: (.*)$", re.M | re.I)


def _outbox_counts(cluster: Cluster, tag: str) -> tuple[int, int, int]:
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER (WHERE sending_at IS NOT NULL "
            "AND sent_at IS NULL), count(*) FROM mail_outbox WHERE subject LIKE %(t)s", {"t": f"{tag}%"}).one()
    engine.dispose()
    return tuple(row)


def scheduler_kill(cluster: Cluster, n: int = 60, kill_at: int = 20, timeout_s: int = 10) -> bool:
    from smtpsink import Sink
    from sqlalchemy import create_engine

    tag = f"Kill {int(time.time())}"
    killed = {}

    def on_message(count):
        if count == kill_at and "at" not in killed:
            killed["at"] = time.monotonic()
            os.killpg(cluster.procs["scheduler"].pid, signal.SIGKILL)
            time.sleep(0.5)  # the scheduler is gone before it could read the acknowledgement

    sink = Sink(on_message=on_message)
    sink.start()
    cluster.stop("scheduler")
    cluster.base_env.update({"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port),
                             "CONCERTO_MAIL_RETRY_SECONDS": "1", "CONCERTO_MAIL_SENDING_TIMEOUT": str(timeout_s)})
    engine = create_engine(cluster.direct_url)
    with engine.begin() as conn:
        for i in range(n):
            conn.exec_driver_sql(
                "INSERT INTO mail_outbox (to_address, subject, body_text, lang, created_at, next_attempt_at, attempts)"
                " VALUES (%(e)s, %(s)s, 'Rappel.', 'fr', now(), now(), 0)",
                {"e": f"person{i}@example.test", "s": f"{tag} {i:03d}"})
    engine.dispose()
    cluster.start_scheduler()
    started = time.monotonic()
    while "at" not in killed and time.monotonic() - started < 120:
        time.sleep(0.2)
    cluster.procs["scheduler"].wait(timeout=30)
    sent, sending, total = _outbox_counts(cluster, tag)
    print(f"  killed (SIGKILL) when the SMTP server had taken {kill_at} of {n} messages, before acknowledging the "
          f"{kill_at}th; outbox then: {sent} recorded sent, {sending} 'sending' (in doubt), {total - sent - sending} "
          f"waiting")
    cluster.procs.pop("scheduler", None)
    cluster.start_scheduler()
    restarted = time.monotonic()
    while time.monotonic() - restarted < 240 and _outbox_counts(cluster, tag)[0] < n:
        time.sleep(1)
    took = time.monotonic() - restarted
    time.sleep(35)  # one more run of the mail job: nothing may go out again
    sink.stop()
    mine = [m for m in sink.messages if f"Subject: {tag}" in m]
    by_subject: dict[str, list[str]] = {}
    for m in mine:
        by_subject.setdefault(SUBJECT.search(m).group(1).strip(), []).append(MESSAGE_ID.search(m).group(1).strip())
    twice = {s: ids for s, ids in by_subject.items() if len(ids) > 1}
    same_id = all(len(set(ids)) == 1 for ids in twice.values())
    print(f"  restarted: all {n} recorded sent after {took:.0f} s; SMTP server received {len(mine)} messages for "
          f"{len(by_subject)} distinct ones; received twice: {len(twice)} {sorted(twice)} "
          f"(same Message-ID both times: {same_id})")
    ok = len(by_subject) == n and len(twice) <= sending and same_id
    print("  RESULT:", "OK (nothing handed over twice but the one in flight, same Message-ID)" if ok else "FAILED")
    return ok


# --- disk full -----------------------------------------------------------------------------------------

PAPER = "# Disque plein\n\nPour mesurer.\n\n## Section\n\n### Questions\n\n- Une question ouverte?\n"
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')
QUESTION = re.compile(r'<textarea[^>]*name="(q_\d+)"')
CODE = re.compile(r"<code data-receipt-code>([A-Z2-7-]{19})</code>")
MESSAGE_FR = "son espace de stockage est plein. Rien n’a été enregistré"


def _mount(size_mb: int) -> Path | None:
    where = Path(tempfile.mkdtemp(prefix="concerto-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  no tmpfs ({done.stderr.strip()[:120]}): scenario skipped; tests/foundation/test_disk_full.py "
              f"covers it with a test double at the database-writing layer")
        where.rmdir()
        return None
    return where


def _fill(where: Path) -> Path:
    """A file that takes every byte left (unbuffered writes, smaller and smaller)."""
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    return filler


def _stored(db_path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(db_path)
    try:
        return (conn.execute("SELECT count(*) FROM consultation_submissions").fetchone()[0],
                conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def disk_full(size_mb: int = 16) -> bool:
    where = _mount(size_mb)
    if where is None:
        return True
    proc = None
    try:
        db_path = where / "concerto.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "CONCERTO_DATA_DIR": str(where / "data"),
               "CONCERTO_INSTANCE_DIR": str(where / "instance"), "SECRET_KEY": "disk-full", "PYTHONUNBUFFERED": "1",
               "CONCERTO_ENV": "development", "MAIL_BACKEND": "console", "GUNICORN_ACCESS_LOG": "/dev/null",
               "GUNICORN_LOG_LEVEL": "warning"}
        paper = where / "paper.md"
        paper.write_text(PAPER, encoding="utf-8")
        for args in (("db", "upgrade"), ("consultations", "import-paper", str(paper), "--slug", "disque", "--opens",
                                         "2000-01-01T00:00", "--closes", "2100-01-01T00:00")):
            done = subprocess.run([str(BIN / "concerto"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"concerto {args[0]} failed: {done.stderr[-1500:]}")
        port = free_port()
        proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "portal:create_app()"], cwd=ROOT,
                                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}/fr/consultations/disque/repondre"
        client = Client()
        for _ in range(120):
            try:
                page = client.get(url, timeout=5)
                if page.status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        html = page.text
        text = "Il faut plus de refuges dans le Nord. " * 20
        data = {"token": TOKEN.search(html).group(1), "consent": "secretariat_only", "language": "fr",
                QUESTION.search(html).group(1): text, "csrf_token": csrf(html)}
        conn = sqlite3.connect(db_path)  # an empty WAL: the next write has to grow a file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        filler = _fill(where)
        free = shutil.disk_usage(where).free
        r = client.post(url, data, timeout=60)
        shown = r.text.replace("&#39;", "’")
        clear = r.status == 422 and MESSAGE_FR in shown and text.strip()[:60] in shown and not CODE.search(shown)
        stored, integrity = _stored(db_path)
        print(f"  tmpfs of {size_mb} MB filled ({free} bytes free); form sent: HTTP {r.status}, French message on "
              f"the form: {MESSAGE_FR in shown}, what was typed still in the form: {text.strip()[:60] in shown}; "
              f"submissions stored: {stored}; integrity_check: {integrity}")
        filler.unlink()
        r2 = client.post(url, data, timeout=60)
        stored2, integrity2 = _stored(db_path)
        print(f"  room again, the same form sent again: HTTP {r2.status}, receipt code: {bool(CODE.search(r2.text))}; "
              f"submissions stored: {stored2}; integrity_check: {integrity2}")
        ok = clear and stored == 0 and integrity == "ok" and r2.status == 200 and stored2 == 1
        print("  RESULT:", "OK (a clear error, everything typed kept, nothing half-written)" if ok else "FAILED")
        return ok
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        subprocess.run(["umount", str(where)], capture_output=True)
        shutil.rmtree(where, ignore_errors=True)
