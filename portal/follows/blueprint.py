"""The follows blueprints: pages under /<lang>/follows, and the feeds and calendars (same prefix, no cookie
needed for the public ones)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("follows", __name__, url_prefix="/follows")
