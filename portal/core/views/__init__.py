"""Routes of core (registration only)."""
from . import health, pages  # noqa: F401
