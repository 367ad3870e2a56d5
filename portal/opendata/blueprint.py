"""The open data blueprint: the page and its catalogue under /<lang>/open-data. Routes live in views/."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("opendata", __name__, url_prefix="/open-data")

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/donnees-ouvertes.
FR_PATHS = {"open-data": "donnees-ouvertes", "catalog": "catalogue"}
