"""Routes of accounts (registration only)."""
from . import account, signin  # noqa: F401
