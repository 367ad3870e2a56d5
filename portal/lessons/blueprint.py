"""The lessons blueprint. Its pages sit under /<lang>/search/... (lessons, findings, glossary, saved searches),
the addresses they had when they were part of search."""
from flask import Blueprint

bp = Blueprint("lessons", __name__, url_prefix="/search")

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/recherche/lecons.
FR_PATHS = {"lessons": "lecons", "findings": "constats", "glossary": "glossaire", "saved": "sauvegardees",
            "comments": "commentaires", "sources": "sources"}
