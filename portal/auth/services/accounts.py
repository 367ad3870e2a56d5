"""Accounts: creation, passwords, invitations, roles, enabling and disabling."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ... import audit
from ...db import utcnow
from ...extensions import db
from ...i18n import _
from ...rules import RuleError
from ..models import Invitation, Organisation, Role, User, UserRole, hash_token
from ..passwords import hash_password, password_problems, verify_password
from .signin import end_all_sessions, find_user, normalise_email


@dataclass
class PasswordChange:
    current: str
    password: str


@dataclass
class NewPassword:
    password: str


def set_password(user: User, password: str, *, actor: User | None = None, field: str = "password") -> None:
    problems = password_problems(password, user.email, user.display_name)
    if problems:
        raise RuleError(field=field, message=" ".join(problems))
    user.password_hash = hash_password(password)
    end_all_sessions(user)
    audit.record("account.password_changed", user, actor=actor or user)


def change_password(user: User, change: PasswordChange) -> None:
    """The person's own change: the current password first. Every session ends (the caller starts a new one)."""
    if not verify_password(user.password_hash, change.current):
        raise RuleError(field="current", message=_("The current password is not right."))
    set_password(user, change.password, actor=user)


def _check_roles(roles, field: str = "roles") -> None:
    bad = [r for r in roles if r not in Role.__members__]
    if bad:
        raise RuleError(field=field, message=_("Unknown role: %(role)s", role=", ".join(bad)))


def create_user(email: str, organisation: Organisation, roles: list[str], *, display_name: str = "",
                password: str | None = None, preferred_lang: str | None = None, actor: User | None = None) -> User:
    email = normalise_email(email)
    if not email or "@" not in email:
        raise RuleError(field="email", message=_("Enter a valid email address."))
    if find_user(email) is not None:
        raise RuleError(field="email", message=_("An account with this email address already exists."))
    _check_roles(roles)
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


def accept_invitation(inv: Invitation, new: NewPassword) -> User:
    set_password(inv.user, new.password, actor=inv.user)
    inv.used_at = utcnow()
    audit.record("user.invitation_accepted", inv.user, actor=inv.user)
    return inv.user


def set_roles(user: User, roles: list[str], *, actor: User) -> dict:
    new = sorted(set(roles))
    old = sorted(user.roles)
    if user.id == getattr(actor, "id", None) and "admin" not in new:
        raise RuleError(field="roles", message=_("You cannot remove your own administrator role."))
    if new == old:
        return {}
    _check_roles(new)
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
    if user.id == getattr(actor, "id", None) and not active:
        raise RuleError(message=_("You cannot disable your own account."))
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record("user.enabled" if active else "user.disabled", user, actor=actor,
                 changes={"active": [not active, active]})
