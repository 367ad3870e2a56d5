"""Fan events out to the people who follow what they touch and may see them."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from ...auth.models import User
from ...db import utcnow
from ...extensions import db
from ..access import may_see_event
from ..models import Event, Follow, Notification


def notify_followers(events: list[Event]) -> int:
    """One notification per follower per event, only for those who may see it. Returns how many."""
    made = 0
    for event in events:
        keys = event.key_values
        user_ids = db.session.scalars(select(Follow.user_id).where(Follow.key.in_(keys)).distinct()).all()
        for user in db.session.scalars(select(User).where(User.id.in_(user_ids), User.active.is_(True))):
            if not may_see_event(user, event):
                continue
            exists = db.session.scalar(select(Notification.id).where(Notification.user_id == user.id,
                                                                     Notification.event_id == event.id))
            if exists is None:
                db.session.add(Notification(user_id=user.id, event_id=event.id, created_at=event.at))
                made += 1
    db.session.flush()
    return made


def mark_read(notification: Notification, now: datetime | None = None) -> None:
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user: Any, now: datetime | None = None) -> int:
    result = db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))
                                .values(read_at=now or utcnow()))
    return result.rowcount or 0
