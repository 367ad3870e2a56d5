"""The scheduler process (`concerto jobs run`): one per deployment, never inside web workers.

Features register jobs in their own `jobs.py` with `@job(...)`. Each job runs in an app context and
commits once; `claim(key)` makes a job idempotent (a unique claim row per reminder sent).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import String, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .db import UTCDateTime, utcnow
from .extensions import db, write_intent

log = logging.getLogger(__name__)


@dataclass
class Job:
    id: str
    func: Callable[[], object]
    trigger: str
    trigger_args: dict = field(default_factory=dict)
    description: str = ""


REGISTRY: dict[str, Job] = {}


def job(job_id: str, trigger: str = "interval", description: str = "", **trigger_args):
    """Register a job. trigger is an APScheduler trigger name ('interval' or 'cron') with its args."""

    def decorator(func):
        REGISTRY[job_id] = Job(job_id, func, trigger, trigger_args, description or (func.__doc__ or "").strip())
        return func

    return decorator


def load_jobs() -> dict[str, Job]:
    """Every feature's jobs.py (the core's sends mail), from the one feature registry."""
    from . import features

    features.load("jobs")
    return REGISTRY


class JobClaim(db.Model):
    """One row per piece of idempotent work done (e.g. 'reminder:cycle:3:org:7:due'), so a rerun skips it."""

    __tablename__ = "job_claims"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def claim(key: str) -> bool:
    """Claim `key` inside the current transaction. False when it was already claimed."""
    if db.session.get(JobClaim, key) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(JobClaim(key=key))
    except IntegrityError:
        return False
    return True


def run_job(app: Flask, job_id: str) -> object:
    """Run one job in its own app context and transaction; commit once, roll back on error."""
    with app.app_context(), write_intent():
        try:
            result = load_jobs()[job_id].func()
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", job_id)
            raise
        finally:
            db.session.remove()


class SchedulerLock:
    """Only one scheduler: a PostgreSQL advisory lock, or a file lock beside the SQLite database."""

    KEY = 74_201_901

    def __init__(self, app: Flask):
        self.app = app
        self._conn = None
        self._file_lock = None

    def acquire(self) -> bool:
        with self.app.app_context():
            engine = db.engine
            if engine.dialect.name == "postgresql":
                self._conn = engine.connect()
                got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.KEY}).scalar()
                self._conn.commit()
                if not got:
                    self._conn.close()
                    self._conn = None
                return bool(got)
            from filelock import FileLock, Timeout

            path = Path(current_app.config["CONCERTO_DATA_DIR"]) / "scheduler.lock"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file_lock = FileLock(str(path))
            try:
                self._file_lock.acquire(timeout=0)
            except Timeout:
                self._file_lock = None
                return False
            return True

    def release(self) -> None:
        if self._conn is not None:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.KEY})
            self._conn.close()
            self._conn = None
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None


def run_scheduler(app: Flask) -> None:
    from apscheduler.schedulers.blocking import BlockingScheduler

    jobs = load_jobs()
    # One line per run of a job every few seconds drowns the log; failures are still logged (run_job).
    for name in ("apscheduler.executors.default", "apscheduler.scheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)
    scheduler = BlockingScheduler(timezone="America/Toronto")
    for j in jobs.values():
        scheduler.add_job(run_job, j.trigger, args=[app, j.id], id=j.id, name=j.description or j.id,
                          max_instances=1, coalesce=True, misfire_grace_time=300, **j.trigger_args)
    log.info("scheduler started with %d jobs", len(jobs))
    scheduler.start()
