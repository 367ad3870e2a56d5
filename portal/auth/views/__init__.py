"""Routes of accounts (registration only)."""
from . import account, keepalive, signin  # noqa: F401
