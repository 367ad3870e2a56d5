"""The scheduler process, idempotent jobs and the mail outbox."""
from __future__ import annotations

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.jobs import REGISTRY, Job, JobClaim, SchedulerLock, claim, run_job
from portal.mail import OutgoingMail, queue_mail, send_pending

ROOT = Path(__file__).resolve().parents[2]
CONCERTO = Path(sys.executable).with_name("concerto")


def cli_env(app) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], CONCERTO_DATA_DIR=app.config["CONCERTO_DATA_DIR"],
               CONCERTO_INSTANCE_DIR=app.config["INSTANCE_DIR"], SECRET_KEY="test-secret-key", PYTHONUNBUFFERED="1")
    return env


# --- one scheduler ------------------------------------------------------------------------------

def test_a_second_scheduler_lock_is_refused(app):
    first, second = SchedulerLock(app), SchedulerLock(app)
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_the_lock_is_an_advisory_lock_on_postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    lock = SchedulerLock(app)
    assert lock.acquire()
    try:
        held = db.session.scalar(select(func.count()).select_from(db.text("pg_locks"))
                                 .where(db.text("locktype = 'advisory' AND objid = :k")).params(k=SchedulerLock.KEY))
        assert held == 1
    finally:
        lock.release()


def test_concerto_jobs_run_refuses_to_start_a_second_scheduler(app):
    env = cli_env(app)
    first = subprocess.Popen([str(CONCERTO), "jobs", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        started, output = False, []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = first.stdout.readline()
            if not line:
                break
            output.append(line)
            if "scheduler started" in line:
                started = True
                break
        assert started, "".join(output)
        second = subprocess.run([str(CONCERTO), "jobs", "run"], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode != 0
        assert "another scheduler is already running" in second.stderr
        assert not SchedulerLock(app).acquire()  # the running one holds it
    finally:
        first.terminate()
        first.wait(timeout=30)
        first.stdout.close()
    lock = SchedulerLock(app)
    assert lock.acquire()  # released when the process ends
    lock.release()


# --- idempotent jobs ----------------------------------------------------------------------------

def test_claim_is_idempotent(app):
    assert claim("reminder:cycle:1:org:7") is True
    assert claim("reminder:cycle:1:org:7") is False
    db.session.commit()
    assert claim("reminder:cycle:1:org:7") is False
    assert claim("reminder:cycle:1:org:8") is True
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(JobClaim)) == 2


def test_a_job_commits_once_and_a_rerun_does_nothing_twice(app):
    calls = []

    def remind():
        done = 0
        for org in (1, 2, 3):
            if claim(f"test-reminder:{org}"):
                queue_mail(f"org{org}@example.test", "invitation", lang="en", bilingual=False,
                           link="http://x/", user=type("U", (), {"organisation": type("O", (), {"name": "X"})(),
                                                                 "email": "x@example.test"})())
                done += 1
        calls.append(done)
        return done

    REGISTRY["test.remind"] = Job("test.remind", remind, "interval", {"hours": 1})
    try:
        assert run_job(app, "test.remind") == 3
        assert run_job(app, "test.remind") == 0
    finally:
        REGISTRY.pop("test.remind")
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 3


def test_a_failing_job_rolls_back_everything(app):
    def broken():
        claim("test-broken:1")
        raise RuntimeError("half-way")

    REGISTRY["test.broken"] = Job("test.broken", broken, "interval", {"hours": 1})
    try:
        with pytest.raises(RuntimeError):
            run_job(app, "test.broken")
    finally:
        REGISTRY.pop("test.broken")
    assert db.session.get(JobClaim, "test-broken:1") is None


# --- mail outbox --------------------------------------------------------------------------------

class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive a message."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        in_data = False
        lines = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.server.messages.append(b"".join(lines).decode("utf-8", "replace"))
                    lines = []
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_config(app):
    saved = {k: app.config[k] for k in ("MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT")}
    yield app.config
    app.config.update(saved)


def _queue_invitation(make, lang="fr"):
    user = make.user("ngo_member", lang=lang)
    mail = queue_mail(user.email, "invitation", lang=lang, bilingual=True, link="http://127.0.0.1/x", user=user)
    db.session.commit()
    return mail


def test_mail_waits_while_the_server_is_down_and_is_sent_later(app, make, smtp_config):
    port = _free_port()  # nothing listens there
    smtp_config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    mail = _queue_invitation(make)
    assert run_job(app, "mail.send") == (0, 1)
    db.session.commit()  # end the read snapshot: the job wrote in its own session
    mail = db.session.get(OutgoingMail, mail.id)
    assert mail.sent_at is None and mail.failed_at is None and mail.attempts == 1
    assert mail.next_attempt_at > utcnow() and mail.last_error
    # Not due yet: a run now does not hammer the server.
    assert run_job(app, "mail.send") == (0, 0)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), _SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with app.app_context():
            sent = send_pending(now=utcnow() + timedelta(hours=1))
            db.session.commit()
    finally:
        server.shutdown()
        server.server_close()
    assert sent == (1, 0)
    db.session.commit()  # end the read snapshot: the job wrote in its own session
    mail = db.session.get(OutgoingMail, mail.id)
    assert mail.sent_at is not None and mail.attempts == 2
    assert len(server.messages) == 1
    assert "Subject: =?utf-8?" in server.messages[0] or "Subject: Votre compte Concerto" in server.messages[0]
    assert mail.to_address in server.messages[0]


def test_mail_gives_up_after_the_last_attempt_but_keeps_the_row(app, make, smtp_config):
    smtp_config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port())
    mail = _queue_invitation(make, lang="en")
    now = utcnow()
    for i in range(app.config["MAIL_MAX_ATTEMPTS"]):
        with app.app_context():
            send_pending(now=now + timedelta(days=i + 1))
            db.session.commit()
    db.session.commit()  # end the read snapshot: the job wrote in its own session
    mail = db.session.get(OutgoingMail, mail.id)
    assert mail.failed_at is not None and mail.sent_at is None
    assert mail.attempts == app.config["MAIL_MAX_ATTEMPTS"]


def test_file_backend_writes_the_message(app, make):
    mail = _queue_invitation(make, lang="en")
    assert run_job(app, "mail.send") == (1, 0)
    path = Path(app.config["CONCERTO_DATA_DIR"]) / "mail" / f"{mail.id:08d}.eml"
    text = path.read_text()
    assert "Your Concerto account" in text and "Content-Language: en" in text


def test_mail_is_queued_in_the_same_transaction(app, make):
    user = make.user("ngo_member")
    queue_mail(user.email, "invitation", lang="fr", link="http://x/", user=user)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
