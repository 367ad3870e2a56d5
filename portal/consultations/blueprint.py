"""The consultations blueprints: pages under /<lang>/consultations, JSON under /api/v1."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
api_bp = Blueprint("consultations_api", __name__)

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/consultations/...
FR_PATHS = {"amend": "corriger", "attachments": "pieces-jointes", "builder": "concepteur",
            "categories": "categories", "evaluation": "evaluation", "key-points": "points-cles", "link": "lier",
            "moderate": "moderer", "moderation": "moderation", "our-input": "nos-contributions",
            "paper": "papier", "preview": "apercu", "questions": "questions", "receipt": "recu",
            "respond": "repondre", "roundtables": "tables-rondes", "sections": "sections",
            "submissions": "soumissions", "tags": "etiquettes", "themes": "themes",
            "what-we-heard": "ce-que-nous-avons-entendu"}
