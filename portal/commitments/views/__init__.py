"""The commitments feature's routes, registered on the blueprints of ..blueprint when imported."""
from . import api, display, exports, manage, pages, plans, tracking, updates  # noqa: F401
