"""The search page (/<lang>/search) and the JSON API (/api/v1/search)."""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")
api_bp = Blueprint("search_api", __name__, url_prefix="/search")

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/recherche.
FR_PATHS = {"search": "recherche"}
