"""Follows, the events derived from the audit log, notifications, and each person's settings."""
from .follow import TARGET_TYPES, Follow  # noqa: F401
from .event import KINDS, Event, EventKey, FollowCursor, kind_label  # noqa: F401
from .notification import Notification, FollowSettings, RHYTHMS  # noqa: F401
