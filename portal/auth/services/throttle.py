"""Growing delays after failed sign-ins, per account AND client (never per account alone).

After LOGIN_THROTTLE_AFTER wrong passwords for one email address from one client, that client must wait
before its next try for that address: LOGIN_THROTTLE_FIRST_SECONDS, doubled at each further failure, at most
LOGIN_THROTTLE_MAX_SECONDS. Someone else's wrong guesses from another client never delay the owner, who
signs in at once with the right password (and second factor). The counters are database rows (every node
sees them) named by a keyed hash of the address typed and the client's address (models/throttle.py), so an
address that has no account is throttled exactly like one that has."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ..models import SignInThrottle

KEEP = timedelta(days=1)  # a counter untouched this long is forgotten


def throttle_key(email: str, client: str | None) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{email.strip().lower()}\n{client or '-'}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _row(key: str) -> SignInThrottle | None:
    return db.session.scalar(select(SignInThrottle).where(SignInThrottle.key_hash == key))


def wait_left(key: str, now: datetime) -> timedelta | None:
    """How long this client must still wait before trying this address again, or None."""
    row = _row(key)
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return None
    return row.blocked_until - now


def delay_after(failures: int) -> timedelta | None:
    cfg = current_app.config
    extra = failures - cfg["LOGIN_THROTTLE_AFTER"]
    if extra < 0:
        return None
    seconds = cfg["LOGIN_THROTTLE_FIRST_SECONDS"] * 2 ** min(extra, 30)
    return timedelta(seconds=min(seconds, cfg["LOGIN_THROTTLE_MAX_SECONDS"]))


def record_failure(key: str, now: datetime) -> int:
    """Count a wrong password; returns the number of failures in a row for this address and client."""
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.updated_at < now - KEEP))
    row = _row(key)
    if row is None:
        try:
            with db.session.begin_nested():  # two failures at the same moment: one row
                row = SignInThrottle(key_hash=key, failures=0, updated_at=now)
                db.session.add(row)
        except IntegrityError:
            row = _row(key)
    row.failures += 1
    row.updated_at = now
    delay = delay_after(row.failures)
    row.blocked_until = now + delay if delay else None
    return row.failures


def record_success(key: str) -> None:
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key_hash == key))
