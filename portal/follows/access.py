"""Who may hear of what: an event is shown, mailed or listed in a feed only to someone who may see every
record that bounds it (its subject, the plan a commitment belongs to, the lesson linked), resolved through
the features' own link resolvers, exactly as their pages decide. Also loads what the follows routes serve."""
from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..guards import parse_int
from ..links import Ref, resolve
from ..permissions import may_see
from .models import Follow, Notification
from .models.follow import TARGET_TYPES


def _visible_ref(user: Any, object_type: str, object_id: int) -> Ref | None:
    ref = resolve(object_type, object_id)
    if ref is None or not may_see(user, ref.visibility, ref.owner_org_ids):
        return None
    return ref


def event_ref(user: Any, event) -> Ref | None:
    """The subject's Ref when `user` (None for the public) may see the event, else None."""
    ref = None
    for object_type, object_id in event.guards or [[event.object_type, event.object_id]]:
        seen = _visible_ref(user, object_type, object_id)
        if seen is None:
            return None
        if object_type == event.object_type and object_id == event.object_id:
            ref = seen
    return ref or _visible_ref(user, event.object_type, event.object_id)


def may_see_event(user: Any, event) -> bool:
    return event_ref(user, event) is not None


def target_ref(user: Any, key: str) -> Ref | None:
    """What a follow key points at, when the person may see it (provinces and organisations are public)."""
    kind, _, ident = key.partition(":")
    number = parse_int(ident)
    if kind not in TARGET_TYPES or kind in ("province", "organisation") or number is None:
        return None
    return _visible_ref(user, kind, number)


def get_notification_or_404(notification_id: int) -> Notification:
    n = db.session.get(Notification, notification_id)
    if n is None or n.user_id != current_user.id:
        abort(404)
    return n


def get_follow_or_404(follow_id: int) -> Follow:
    f = db.session.get(Follow, follow_id)
    if f is None or f.user_id != current_user.id:
        abort(404)
    return f
