"""The commitments feature's routes, registered on the blueprints of ..blueprint when imported."""
from . import api, pages, plans, updates  # noqa: F401
