"""Importing the route modules registers their routes on the blueprints (blueprint.py)."""
from . import api, manage, pages, proposals  # noqa: F401
