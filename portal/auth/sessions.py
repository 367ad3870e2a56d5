"""Who is signed in: the request's user from its server-side session (Flask-Login's user loader), with the
idle timeout.

The session row is read, touched or ended on short connections of their own, before the request's
database session is used: a writing request on SQLite holds the write lock (BEGIN IMMEDIATE) from its first
statement, so touching the row through a second connection afterwards would wait on the request itself."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, g, session
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from ..db import utcnow
from ..extensions import db, write_intent
from ..i18n import _
from .models import User, UserSession, hash_token

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session


def load_user(user_id: str) -> User | None:
    token = session.get("sid")
    if not token:
        return None
    # Inside an outer transaction (a request run within a test's or a command's context), that transaction
    # may hold the lock already: then it does the work itself.
    conn = db.session if db.session().in_transaction() else None
    # On PostgreSQL a read takes no lock: it goes through the request's own session, saving a second connection's
    # checkout (its pool_pre_ping) and return (its rollback) on every signed-in request. Writes keep their own.
    reader = db.session if conn is None and db.engine.dialect.name == "postgresql" else conn
    row = _read(reader, select(UserSession.id, UserSession.user_id, UserSession.last_seen_at, User.active)
                .join(User, User.id == UserSession.user_id).where(UserSession.token_hash == hash_token(token)))
    if row is None or str(row.user_id) != str(user_id) or not row.active:
        return None
    now = utcnow()
    if now - row.last_seen_at > timedelta(minutes=g.get("idle_minutes") or 30):
        _write(conn, delete(UserSession).where(UserSession.id == row.id))
        session.pop("sid", None)
        g.session_expired = True
        flash(_("Your session ended after a period of inactivity. Please sign in again."), "info")
        return None
    if now - row.last_seen_at > TOUCH_EVERY or g.get("keep_alive"):
        _write(conn, update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    return db.session.get(User, row.user_id, options=[joinedload(User.role_rows)])   # roles in the same statement


def _read(conn, stmt):
    if conn is not None:
        return conn.execute(stmt).first()
    with db.engine.connect() as own:
        return own.execute(stmt).first()


def _write(conn, stmt) -> None:
    if conn is not None:
        conn.execute(stmt)
        return
    # Its own short transaction, so a read-only request never upgrades to a write lock mid-way.
    with write_intent(), db.engine.begin() as own:
        own.execute(stmt)
