"""Routes of accounts (registration only)."""
from . import account, email_language, keepalive, reset, signin, twofactor  # noqa: F401
