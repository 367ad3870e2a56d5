"""Routes of lessons (registration only)."""
from . import glossary, manage, pages, review, saved  # noqa: F401
