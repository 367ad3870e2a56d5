"""Routes of search (registration only)."""
from . import api, pages  # noqa: F401
