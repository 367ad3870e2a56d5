"""The administration blueprint: users, organisations and the audit log, under /<lang>/admin."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/admin/utilisateurs.
FR_PATHS = {"admin": "admin", "users": "utilisateurs", "invite": "inviter", "active": "actif",
            "second-factor": "second-facteur", "reset": "reinitialiser", "audit": "journal",
            "translations": "traductions"}
