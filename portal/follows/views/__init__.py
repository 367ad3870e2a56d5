"""The follows routes (registration only)."""
from . import feeds, manage, pages  # noqa: F401
from ..blueprint import bp  # noqa: F401
