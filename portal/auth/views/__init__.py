"""Routes of accounts (registration only)."""
from . import account, email_language, keepalive, own_sessions, reset, signin, twofactor  # noqa: F401
