"""The consultations blueprints: pages under /<lang>/consultations, JSON under /api/v1."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
api_bp = Blueprint("consultations_api", __name__)
