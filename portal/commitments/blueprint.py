"""The commitments feature's blueprints: its pages and its open data. Routes live in views/."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("commitments", __name__, url_prefix="/commitments")
api_bp = Blueprint("commitments_api", __name__)
