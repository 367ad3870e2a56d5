"""Routes of the administration (registration only)."""
from . import audit, organisations, users  # noqa: F401
