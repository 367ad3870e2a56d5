"""Deleted means gone: after a transaction that deleted or blanked what someone wrote (a withdrawal, the
retention purge), the text must be in no database file, no write-ahead log and no search segment.

- SQLite: every connection runs with `PRAGMA secure_delete=ON` (portal.extensions.configure_sqlite), so a
  deleted or overwritten row's bytes are zeroed in the database pages; once such a transaction commits, the
  write-ahead log is checkpointed and truncated (`PRAGMA wal_checkpoint(TRUNCATE)`), since its frames still
  hold the pages as they were before.
- PostgreSQL: the tables named are vacuumed after the commit, so dead row versions are removed rather than
  left for autovacuum (see SECURITY.md for what VACUUM does not do: WAL segments and free space in pages).
- Search: the service queues its records with the outbox op "purge"; the writer then rewrites every index
  segment that held a deleted document (portal/search/writer.py).

A service calls `forget(tables)`; the work runs after the commit (services never commit).
"""
from __future__ import annotations

import logging

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
_KEY = "erased_tables"


def forget(*tables: str) -> None:
    """Note, in the current transaction, that it erased text from these tables."""
    db.session.info.setdefault(_KEY, set()).update(tables)


def scrub(tables: set[str] | frozenset[str] = frozenset()) -> None:
    """Checkpoint and truncate SQLite's write-ahead log, or vacuum the PostgreSQL tables. Outside any
    transaction; a failure is logged, never raised (the erasure itself is committed)."""
    try:
        engine = db.engine
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if busy:
                log.warning("write-ahead log still in use by a reader; it is truncated at the next checkpoint")
        elif engine.dialect.name == "postgresql" and tables:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in sorted(tables):
                    conn.execute(text(f'VACUUM "{table}"'))
    except Exception:  # noqa: BLE001 (the next purge or checkpoint catches up)
        log.exception("could not scrub the database after an erasure")


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    tables = session.info.pop(_KEY, None)
    if tables is not None:
        scrub(tables)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
