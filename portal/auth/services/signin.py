"""Sign-in with lock-out, and the server-side session rows behind the cookie."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import delete, select

from ... import audit
from ...db import utcnow
from ...extensions import db
from ..models import User, UserSession, hash_token
from ..passwords import hash_password, needs_rehash, verify_password


@dataclass
class Credentials:
    email: str
    password: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user when the password is right and the account usable; None otherwise (same work either way)."""
    user = find_user(email)
    now = utcnow()
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    if user.locked_until and user.locked_until > now:
        return None
    if not ok or not user.active:
        if not ok:
            user.failed_logins += 1
            if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
                user.failed_logins = 0
                audit.record("account.locked", user, actor=None, summary=user.email)
        return None
    user.failed_logins = 0
    user.locked_until = None
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
