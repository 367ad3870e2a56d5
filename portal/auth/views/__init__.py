"""Routes of accounts (registration only)."""
from . import account, keepalive, signin, twofactor  # noqa: F401
