"""Routes of accounts (registration only)."""
from . import account, email_language, keepalive, signin, twofactor  # noqa: F401
