"""Routes of the administration (registration only)."""
from . import audit, organisations, translations, users  # noqa: F401
