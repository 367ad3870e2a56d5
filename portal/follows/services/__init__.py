"""Follows' verbs: follow and unfollow, derive events, notify, send mail, settings and calendar tokens."""
from .following import follow, unfollow, set_rhythm, unsubscribe, new_calendar_token, revoke_calendar_token  # noqa: F401
from .timed import derive_events  # noqa: F401
from .notify import notify_followers, mark_read, mark_all_read  # noqa: F401
from .digest import send_immediate, send_digests  # noqa: F401
from .saved import saved_search_matches  # noqa: F401
