"""A saved search is a follow too: the records newly matching a person's saved search become notifications
(in the portal, then in their email rhythm: immediately, daily or weekly digest), like any event they follow.

The search runs as the person (their permissions decide the results), and each result is an event guarded by
the record itself, so it is checked again when it is shown and when it is mailed: a record that became
confidential since is never named. These events are personal: the "what changed" page and the public feeds
never list them (queries.PERSONAL_KINDS). One event per saved search and record: a record matching again later
adds nothing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ...db import utcnow
from ...extensions import db
from ..access import may_see_event
from ..models import Event, EventKey, Notification

KIND = "saved_search_match"
OVERLAP_SECONDS = 60
MAX_PER_RUN = 20   # the newest results of one saved search per run; more wait for the person on the search page


def _event(saved, hit) -> tuple[Event, bool]:
    source = f"saved:{saved.id}:{hit.type}:{hit.obj_id}"
    event = db.session.scalar(select(Event).where(Event.source == source))
    if event is not None:
        return event, False
    event = Event(kind=KIND, object_type=hit.type, object_id=hit.obj_id, guards=[[hit.type, hit.obj_id]],
                  source=source)
    event.keys.append(EventKey(key=f"saved_search:{saved.id}"))
    db.session.add(event)
    return event, True


def saved_search_matches(now: datetime | None = None) -> int:
    """Notify each person of the records newly matching their saved searches. Returns the notifications made."""
    from ...lessons.jobs import saved_search_params
    from ...lessons.queries import weekly_saved_searches
    from ...search.queries import run_search

    now = now or utcnow()
    made = 0
    for saved in weekly_saved_searches():
        user = saved.user
        if user is None or not user.active:
            continue
        since = saved.last_sent_at or saved.created_at
        # A margin before the last run: the index counts whole seconds, and a result seen twice adds nothing.
        result = run_search(saved_search_params(saved, int(since.timestamp()) - OVERLAP_SECONDS, MAX_PER_RUN), user)
        saved.last_sent_at = now
        for hit in result.hits:
            event, new = _event(saved, hit)
            db.session.flush()
            if not new or not may_see_event(user, event):
                continue
            db.session.add(Notification(user_id=user.id, event_id=event.id, created_at=now))
            made += 1
    db.session.flush()
    return made
