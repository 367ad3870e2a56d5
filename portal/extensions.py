"""The app's extension objects, created unbound and initialised in create_app."""
from __future__ import annotations

import contextlib
import contextvars
import functools

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def _limiter_key() -> str:
    # Only the login form is limited by address; anonymous submission routes are never keyed by it.
    from flask import request

    return request.remote_addr or "unknown"


limiter = Limiter(key_func=_limiter_key, default_limits=[])

# Set for requests and commands that write, so SQLite takes the write lock up front (BEGIN IMMEDIATE)
# and a second writer waits on busy_timeout instead of failing with "database is locked" mid-transaction.
sqlite_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_write_intent", default=False)


@contextlib.contextmanager
def write_intent():
    """Within this block transactions begin with SQLite's write lock (no-op on PostgreSQL)."""
    token = sqlite_write_intent.set(True)
    try:
        yield
    finally:
        sqlite_write_intent.reset(token)  # an in-process caller (tests) must not keep the flag


def writes(func):
    """Decorator for commands and jobs that write: see write_intent()."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with write_intent():
            return func(*args, **kwargs)

    return wrapper


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, emit BEGIN so we can choose IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted and overwritten content is zeroed in the file, not left in free space (portal.erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_write_intent.get() else "BEGIN")
