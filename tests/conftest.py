"""Fixtures in the style of the guide: app, client, a clean database per test, login_as, factories.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
CSRF is off for ordinary tests; tests/foundation/test_security.py turns it on to prove every POST needs it.
"""
from __future__ import annotations

import time

import os
import tempfile
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="concerto-test-"))
os.environ["CONCERTO_INSTANCE_DIR"] = str(_TMP / "instance")
os.environ.setdefault("CONCERTO_ENV", "development")

from sqlalchemy import text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db, sqlite_write_intent  # noqa: E402

from .factories import Factories  # noqa: E402


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{_TMP / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _app():
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "CONCERTO_DATA_DIR": str(_TMP / "data"),
        "WTF_CSRF_ENABLED": False,
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "PASSWORD_RESET_RATE_LIMIT": "10000 per minute",
        "MAIL_BACKEND": "file",
        "SEARCH_APPLY_AFTER_COMMIT": False,  # search tests apply the outbox themselves
        "SERVER_NAME": None,
    })
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections (psycopg warns about connections left open)


def _clean(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        if db.engine.dialect.name == "postgresql":
            # A request still in flight from the previous test's browser (a static file, the idle check) may hold
            # a lock the TRUNCATE needs while waiting for one it holds: PostgreSQL then ends one of the two as a
            # deadlock. That request's answer no longer matters; the clean-up is tried again.
            for attempt in range(5):
                try:
                    with db.engine.begin() as conn:
                        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                          + " RESTART IDENTITY CASCADE"))
                    break
                except OperationalError as exc:
                    if "deadlock" not in str(exc).lower() or attempt == 4:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        else:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for t in reversed(tables):
                    conn.exec_driver_sql(f'DELETE FROM "{t}"')
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    hook = getattr(app, "_test_reset_hooks", [])
    for fn in hook:
        fn()


@pytest.fixture(autouse=True)
def _engine_marks(request):
    """whoosh_only / postgresql_only, anywhere in the suite: tests of one search engine's own machinery (the rest
    run on both)."""
    from portal.search import pg

    marks = {name: request.node.get_closest_marker(name) for name in ("whoosh_only", "postgresql_only")}
    if not any(marks.values()):
        return
    on_pg = pg.active(request.getfixturevalue("_app"))
    for name, skip in (("whoosh_only", on_pg), ("postgresql_only", not on_pg)):
        mark = marks[name]
        if mark is not None and skip:
            pytest.skip(f"{name.replace('_', ' ')}: {mark.args[0] if mark.args else ''}")


@pytest.fixture
def app(_app):
    # A command run in-process (CliRunner) may leave SQLite's write intent set in this thread; the test's
    # own reads would then hold the write lock (BEGIN IMMEDIATE) and block every other connection.
    intent = sqlite_write_intent.set(False)
    _clean(_app)
    ctx = _app.test_request_context("/en/")
    ctx.push()
    yield _app
    db.session.rollback()
    db.session.remove()
    ctx.pop()
    sqlite_write_intent.reset(intent)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app) -> Factories:
    """Factories that call services, so validation, audit and indexing run in tests too."""
    return Factories()


@pytest.fixture
def login_as(app, client):
    """login_as(user) signs the test client in (server-side session, as the login form would)."""
    from portal.auth.models import UserSession, hash_token

    def _login(user, c=None):
        c = c or client
        token = UserSession.new_token()
        db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
        db.session.commit()
        with c.session_transaction() as sess:
            sess.clear()
            sess["sid"] = token
            sess["_user_id"] = str(user.id)
            sess["_fresh"] = True
        return c

    return _login
