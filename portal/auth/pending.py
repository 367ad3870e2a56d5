"""Half signed in: the right password was given and the second step is still to come (a code, or setting up
two-step sign-in for a role that requires it). Kept in the signed session cookie for a few minutes; no
server-side session exists and no other page treats the person as signed in."""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import session

from ..extensions import db
from .models import User

PENDING_SECONDS = 300
MAX_TRIES = 5
KEY = "pending_sign_in"


@dataclass
class Pending:
    user: User
    next: str | None
    enrol: bool


def begin(user: User, next_url: str | None, *, enrol: bool) -> None:
    session.clear()
    session[KEY] = {"uid": user.id, "next": next_url or "", "enrol": enrol, "at": int(time.time()), "tries": 0}


def current(now: float | None = None) -> Pending | None:
    data = session.get(KEY)
    if not isinstance(data, dict):
        return None
    if (time.time() if now is None else now) - data.get("at", 0) > PENDING_SECONDS:
        session.pop(KEY, None)
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.active:
        session.pop(KEY, None)
        return None
    return Pending(user, data.get("next") or None, bool(data.get("enrol")))


def failed_attempt() -> bool:
    """Count a wrong code; True when there were too many (the person starts again from the password)."""
    data = dict(session.get(KEY) or {})
    data["tries"] = data.get("tries", 0) + 1
    if data["tries"] >= MAX_TRIES:
        session.pop(KEY, None)
        return True
    session[KEY] = data
    return False
