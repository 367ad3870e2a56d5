"""Routes of lessons (registration only)."""
from . import glossary, manage, pages, saved  # noqa: F401
