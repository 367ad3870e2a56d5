"""Account rules: sign-in with lock-out, server-side sessions, invitations, roles. Services never commit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import delete, select

from .. import audit
from ..db import utcnow
from ..extensions import db
from ..i18n import _
from .models import Invitation, Organisation, Role, User, UserRole, UserSession, hash_token
from .passwords import hash_password, needs_rehash, password_problems, verify_password


class AccountError(ValueError):
    pass


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


def set_password(user: User, password: str, *, actor: User | None = None) -> None:
    problems = password_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(user)
    audit.record("account.password_changed", user, actor=actor or user)


def create_user(email: str, organisation: Organisation, roles: list[str], *, display_name: str = "",
                password: str | None = None, preferred_lang: str = "fr", actor: User | None = None) -> User:
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError(_("Enter a valid email address."))
    if find_user(email) is not None:
        raise AccountError(_("An account with this email address already exists."))
    bad = [r for r in roles if r not in Role.__members__]
    if bad:
        raise AccountError(_("Unknown role: %(role)s", role=", ".join(bad)))
    user = User(email=email, organisation=organisation, display_name=display_name, preferred_lang=preferred_lang)
    user.role_rows = [UserRole(role=r) for r in sorted(set(roles))]
    db.session.add(user)
    db.session.flush()
    if password is not None:
        set_password(user, password, actor=actor)
    audit.record("user.created", user, actor=actor, changes={"email": [None, email], "roles": [None, sorted(set(roles))],
                                                             "organisation": [None, organisation.short_name]})
    return user


def invite(user: User, *, actor: User | None = None) -> str:
    """A single-use invitation token, valid for INVITATION_DAYS days. Older invitations stop working."""
    now = utcnow()
    for old in db.session.scalars(select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(token_hash=hash_token(token), user_id=user.id, created_by_id=getattr(actor, "id", None),
                              expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"])))
    audit.record("user.invited", user, actor=actor, summary=user.email)
    return token


def find_invitation(token: str) -> Invitation | None:
    inv = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if inv is None or inv.used_at is not None or inv.expires_at < utcnow() or not inv.user.active:
        return None
    return inv


def accept_invitation(inv: Invitation, password: str) -> User:
    set_password(inv.user, password, actor=inv.user)
    inv.used_at = utcnow()
    audit.record("user.invitation_accepted", inv.user, actor=inv.user)
    return inv.user


def set_roles(user: User, roles: list[str], *, actor: User) -> dict:
    new = sorted(set(roles))
    old = sorted(user.roles)
    if new == old:
        return {}
    bad = [r for r in new if r not in Role.__members__]
    if bad:
        raise AccountError(_("Unknown role: %(role)s", role=", ".join(bad)))
    # Remove and add rows (not replace the list) so an unchanged role keeps its row and its unique key.
    for row in [r for r in user.role_rows if r.role not in new]:
        user.role_rows.remove(row)
    db.session.flush()
    for role in new:
        if role not in old:
            user.role_rows.append(UserRole(role=role))
    # A change of powers ends the sessions that were opened with the old ones.
    end_all_sessions(user)
    changes = {"roles": [old, new]}
    audit.record("user.roles_changed", user, actor=actor, changes=changes)
    return changes


def set_active(user: User, active: bool, *, actor: User) -> None:
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record("user.enabled" if active else "user.disabled", user, actor=actor,
                 changes={"active": [not active, active]})
