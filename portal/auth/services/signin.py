"""Sign-in (with growing delays per account and client after wrong passwords), and the server-side session
rows behind the cookie."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session
from flask_babel import format_timedelta
from sqlalchemy import delete, select

from ... import audit
from ...db import utcnow
from ...extensions import db
from ...i18n import _
from ...rules import RuleError
from ..models import User, UserSession, hash_token
from ..passwords import hash_password, needs_rehash, verify_password
from .throttle import record_failure, record_success, throttle_key, wait_left


@dataclass
class Credentials:
    email: str
    password: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _refuse_while_throttled(key: str, now) -> None:
    wait = wait_left(key, now)
    if wait is not None:
        wait = timedelta(seconds=math.ceil(wait.total_seconds()))
        raise RuleError(field="password", message=_(
            "Too many wrong passwords for this address from here. Try again in %(wait)s.",
            wait=format_timedelta(wait, granularity="second", threshold=1, add_direction=False)))


def authenticate(email: str, password: str, client: str | None = None) -> User | None:
    """The user when the password is right and the account usable; None otherwise (same work either way).
    RuleError while this client must still wait before trying this address again (growing delays after
    several wrong passwords: services/throttle.py); the owner, from another client, is not delayed."""
    now = utcnow()
    key = throttle_key(email, client)
    _refuse_while_throttled(key, now)
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok:
        failures = record_failure(key, now)
        if user is not None and failures == current_app.config["LOGIN_THROTTLE_AFTER"]:
            audit.record("account.sign_in_throttled", user, actor=None, summary=user.email)
        return None
    if not user.active:
        return None
    record_success(key)
    user.last_login_at = now
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User) -> str:
    """Create the server-side session row; the token goes into the signed cookie."""
    token = UserSession.new_token()
    db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
    session.clear()
    session["sid"] = token
    audit.record("account.login", user, actor=user)
    return token


def end_session() -> None:
    token = session.get("sid")
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))
    session.clear()


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
