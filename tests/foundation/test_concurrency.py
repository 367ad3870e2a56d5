"""Concurrent writers wait for each other instead of failing with "database is locked" (SQLite: WAL,
busy_timeout and BEGIN IMMEDIATE for writing requests; PostgreSQL: row-level locking)."""
from __future__ import annotations

import logging
import threading

from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.auth.models import Organisation
from portal.extensions import db

THREADS, EACH = 6, 8


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_concurrent_posts_all_succeed(app, make, login_as, caplog):
    caplog.set_level(logging.WARNING)
    admin = make.user("admin")
    clients = [login_as(admin, app.test_client()) for _ in range(THREADS)]
    before = db.session.scalar(select(func.count()).select_from(Organisation))
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(n: int, client) -> None:
        try:
            start.wait()
            for i in range(EACH):
                r = client.post("/en/admin/organisations", data={
                    "short_name": f"T{n}X{i}", "name_fr": f"Organisme {n}-{i}", "name_en": f"Organisation {n}-{i}",
                    "org_type": "ngo", "jurisdiction_code": "", "website": ""})
                statuses.append(r.status_code)
                client.get("/en/admin/users")  # readers interleaved with the writers
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert statuses == [303] * (THREADS * EACH), statuses
    assert "database is locked" not in caplog.text
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == before + THREADS * EACH
    created = db.session.scalar(select(func.count()).select_from(AuditEntry)
                                .where(AuditEntry.action == "organisation.created"))
    assert created == THREADS * EACH
