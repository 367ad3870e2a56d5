"""The commitments feature's blueprints: its pages and its open data. Routes live in views/."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("commitments", __name__, url_prefix="/commitments")
api_bp = Blueprint("commitments_api", __name__)

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/engagements/12.
FR_PATHS = {"cycles": "cycles", "close": "fermer", "evidence": "preuves", "indicators": "indicateurs",
            "measurements": "mesures", "mine": "mes-engagements", "report": "rapport", "settings": "parametres",
            "spending": "depenses", "timeline": "chronologie", "updates": "mises-a-jour"}
