"""Failed sign-ins counted per account and client, for the growing delays of portal/auth/services/throttle.py.

The row is named by a keyed hash (HMAC with the app's secret key) of the email address typed and the client's
address: neither is stored, and the hash cannot be turned back into an address without the key. Rows go once
they are a day old."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...db import UTCDateTime, utcnow
from ...extensions import db


class SignInThrottle(db.Model):
    __tablename__ = "sign_in_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
