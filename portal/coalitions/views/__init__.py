"""Importing the route modules registers their routes on the blueprints (blueprint.py)."""
from . import api, exports, manage, pages, proposals  # noqa: F401
