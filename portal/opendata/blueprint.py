"""The open data blueprint: the page and its catalogue under /<lang>/open-data. Routes live in views/."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("opendata", __name__, url_prefix="/open-data")
