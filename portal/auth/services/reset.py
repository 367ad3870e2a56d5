"""Forgotten passwords: a single-use link valid one hour, mailed in the person's language.

The same answer, and the same work, whether or not an account uses the address typed: the token is drawn, its
row built and its mail rendered either way; only an active account's are kept. At most
RESETS_PER_ADDRESS_PER_HOUR links a day are mailed to one address (the client is limited by the rate limiter
in the view), so the form cannot flood someone's mailbox. Only the token's hash is stored; choosing the new
password ends every session of the account and spends every outstanding link; two-step sign-in is still
asked at the next sign-in."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import func, select, update

from ... import audit
from ...db import utcnow
from ...extensions import db
from ...mail import link_lang, queue_mail
from ..models import PasswordReset, hash_token
from .accounts import NewPassword, set_password
from .signin import find_user

VALID_FOR = timedelta(hours=1)
RESETS_PER_ADDRESS_PER_HOUR = 3


@dataclass
class ResetRequest:
    email: str


def _recent(user_id: int, now) -> int:
    return db.session.scalar(select(func.count(PasswordReset.id)).where(
        PasswordReset.user_id == user_id, PasswordReset.created_at > now - timedelta(hours=1))) or 0


def request_reset(req: ResetRequest) -> None:
    """Mail a reset link when an active account uses this address (and it has not had too many this hour)."""
    now = utcnow()
    user = find_user(req.email)
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(token_hash=hash_token(token), user_id=user.id if user else 0, created_at=now,
                          expires_at=now + VALID_FOR)
    recent = _recent(user.id if user else 0, now)
    lang = user.preferred_lang if user else None
    path = url_for("auth.reset_password", token=token, lang=link_lang(lang))
    # The portal's own address, never the request's Host header (a forged Host would mail a link elsewhere).
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + path
    mail = queue_mail(user.email if user else req.email, "password_reset", lang=lang, link=link, secret=True)
    if user is None or not user.active or recent >= RESETS_PER_ADDRESS_PER_HOUR:
        db.session.expunge(mail)
        return
    db.session.add(reset)
    audit.record("account.password_reset_requested", user, actor=None)


def find_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow() or not reset.user.active:
        return None
    return reset


def reset_password(reset: PasswordReset, new: NewPassword) -> None:
    """The new password (strength rule); every session of the account ends; this link and every other
    outstanding one stop working."""
    user = reset.user
    set_password(user, new.password, actor=user)  # ends every session
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=utcnow()))
    audit.record("account.password_reset", user, actor=user)
