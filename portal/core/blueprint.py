"""The core blueprints: the home, privacy and quick-exit pages (under /<lang>/) and the health check
(/api/v1/health)."""
from flask import Blueprint

bp = Blueprint("core", __name__)
api_bp = Blueprint("health", __name__)

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/confidentialite.
FR_PATHS = {"accessibility": "accessibilite", "privacy": "confidentialite", "quick-exit": "sortie-rapide",
            "terms": "avis"}
