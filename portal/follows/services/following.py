"""Follow and unfollow, the email rhythm, unsubscribe, and the private calendar address."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ... import audit
from ...auth.models import JURISDICTIONS, Organisation
from ...db import utcnow
from ...extensions import db
from ...guards import parse_int
from ...i18n import _
from ...rules import RuleError
from ..access import target_ref
from ..models import RHYTHMS, Follow, FollowSettings
from ..models.follow import TARGET_TYPES
from .tokens import hash_token, new_token


def _check_target(user: Any, key: str) -> None:
    kind, _sep, ident = key.partition(":")
    ok = False
    if kind == "province":
        ok = ident in JURISDICTIONS
    elif kind == "organisation":
        number = parse_int(ident)
        org = db.session.get(Organisation, number) if number is not None else None
        ok = org is not None and org.active
    elif kind == "consultation" and ident == "all":
        ok = True
    elif kind in TARGET_TYPES:
        ok = target_ref(user, key) is not None
    if not ok:
        raise RuleError(field="key", message=_("There is nothing to follow at this address."))


def follow(user: Any, key: str) -> Follow:
    """Follow `key` ("plan:3", "province:QC", ...); following twice is following once."""
    _check_target(user, key)
    existing = db.session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.key == key))
    if existing is not None:
        return existing
    row = Follow(user_id=user.id, key=key)
    db.session.add(row)
    db.session.flush()
    audit.record("follow.created", row, actor=user, summary=key)
    return row


def unfollow(user: Any, key: str) -> bool:
    row = db.session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.key == key))
    if row is None:
        return False
    audit.record("follow.deleted", row, actor=user, summary=key)
    db.session.delete(row)
    db.session.flush()
    return True


def settings_of(user_id: int, *, create: bool = False) -> FollowSettings | None:
    row = db.session.get(FollowSettings, user_id)
    if row is None and create:
        row = FollowSettings(user_id=user_id, rhythm="weekly")
        db.session.add(row)
    return row


def rhythm_of(user_id: int) -> str:
    row = settings_of(user_id)
    return row.rhythm if row is not None else "weekly"


def set_rhythm(user: Any, rhythm: str) -> None:
    if rhythm not in RHYTHMS:
        raise RuleError(field="rhythm", message=_("Choose how often you want email."))
    row = settings_of(user.id, create=True)
    changes = {"rhythm": [row.rhythm, rhythm]} if row.rhythm != rhythm else None
    row.rhythm = rhythm
    db.session.flush()
    audit.record("follow.rhythm_set", object_type="users", object_id=user.id, actor=user, changes=changes)


def unsubscribe(user_id: int) -> None:
    """Turn email off (the one-click link in every message); notifications stay in the portal."""
    row = settings_of(user_id, create=True)
    row.rhythm = "never"
    db.session.flush()
    audit.record("follow.unsubscribed", object_type="users", object_id=user_id)


def new_calendar_token(user: Any) -> str:
    """A new private calendar address (the old one stops working). Only its hash is kept."""
    token = new_token()
    row = settings_of(user.id, create=True)
    row.calendar_token_hash, row.calendar_token_created_at = hash_token(token), utcnow()
    db.session.flush()
    audit.record("follow.calendar_address_created", object_type="users", object_id=user.id, actor=user)
    return token


def revoke_calendar_token(user: Any) -> None:
    row = settings_of(user.id, create=True)
    row.calendar_token_hash, row.calendar_token_created_at = None, None
    db.session.flush()
    audit.record("follow.calendar_address_revoked", object_type="users", object_id=user.id, actor=user)
