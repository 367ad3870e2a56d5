"""Reads shared by the follows pages, feeds, calendars and jobs; every item re-checked for its reader."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..i18n import ngettext
from ..links import Ref
from ..todo import TodoItem
from .access import event_ref
from .models import Event, EventKey, Follow, Notification, kind_label
from .models.event import PERSONAL_KINDS

WEEKS_PER_PAGE = 4


@dataclass
class Item:
    """An event as a reader sees it."""
    event: Event
    ref: Ref

    @property
    def kind_label(self) -> str:
        return kind_label(self.event.kind)

    @property
    def day(self) -> date:
        return self.event.at.date()


def unread_count(user: Any) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_for(user: Any, limit: int = 100) -> list[tuple[Notification, Ref]]:
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()
    out = []
    for n in rows:
        ref = event_ref(user, n.event)
        if ref is not None:
            out.append((n, ref))
    return out


def follows_of(user: Any) -> list[Follow]:
    return list(db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at)))


def follow_keys(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Follow.key).where(Follow.user_id == user.id)))


@dataclass
class ChangeFilters:
    plan: int | None = None
    province: str | None = None
    kind: str | None = None

    @property
    def keys(self) -> list[str]:
        keys = []
        if self.plan:
            keys.append(f"plan:{self.plan}")
        if self.province:
            keys.append(f"province:{self.province}")
        return keys


def _events_stmt(filters: ChangeFilters, keys: list[str] | None = None):
    stmt = select(Event).where(Event.kind.not_in(PERSONAL_KINDS))   # a person's saved-search results: theirs
    for key in (keys or []) + filters.keys:
        stmt = stmt.where(Event.id.in_(select(EventKey.event_id).where(EventKey.key == key)))
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    return stmt


def public_changes(filters: ChangeFilters, *, keys: list[str] | None = None, limit: int = 50,
                   since: datetime | None = None, until: datetime | None = None) -> list[Item]:
    """The newest events the public may see (for feeds and the "what changed" page)."""
    stmt = _events_stmt(filters, keys)
    if since is not None:
        stmt = stmt.where(Event.at >= since)
    if until is not None:
        stmt = stmt.where(Event.at < until)
    out: list[Item] = []
    for event in db.session.scalars(stmt.order_by(Event.at.desc(), Event.id.desc()).limit(limit * 4)):
        ref = event_ref(None, event)
        if ref is not None:
            out.append(Item(event, ref))
            if len(out) >= limit:
                break
    return out


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def changes_by_week(filters: ChangeFilters, last_week: date, weeks: int = WEEKS_PER_PAGE
                    ) -> list[tuple[date, list[Item]]]:
    """Public changes of `weeks` weeks ending with the week of `last_week`, newest week first."""
    from datetime import time, timezone

    end = monday(last_week) + timedelta(days=7)
    start = end - timedelta(days=7 * weeks)
    items = public_changes(filters, limit=1000, since=datetime.combine(start, time(), timezone.utc),
                           until=datetime.combine(end, time(), timezone.utc))
    groups: dict[date, list[Item]] = {monday(end - timedelta(days=7 * (i + 1))): [] for i in range(weeks)}
    for item in items:
        groups.setdefault(monday(item.day), []).append(item)
    return sorted(groups.items(), reverse=True)


def todo_for(user: Any) -> list[TodoItem]:
    """The home page's to-do: unread notifications."""
    n = unread_count(user)
    return [TodoItem(ngettext("%(num)s unread notification", "%(num)s unread notifications", n), n,
                     "follows.notifications")]
