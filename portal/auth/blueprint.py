"""The accounts blueprint: sign-in and out, the account page, invitations (pages under /<lang>/)."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/connexion.
FR_PATHS = {"login": "connexion", "logout": "deconnexion", "code": "code", "invitation": "invitation",
            "session": "session", "keep-alive": "prolonger", "two-step": "deux-etapes", "off": "desactiver",
            "recovery-codes": "codes-de-recuperation", "email-language": "langue-des-courriels",
            "forgot": "mot-de-passe-oublie", "reset-password": "nouveau-mot-de-passe",
            "sessions": "sessions", "others": "autres", "end": "terminer"}
