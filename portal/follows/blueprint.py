"""The follows blueprints: pages under /<lang>/follows, and the feeds and calendars (same prefix, no cookie
needed for the public ones)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("follows", __name__, url_prefix="/follows")

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/suivis/activite.
FR_PATHS = {"follows": "suivis", "activity": "activite", "calendar": "calendrier", "feeds": "fils",
            "follow": "suivre", "unfollow": "ne-plus-suivre", "read": "lues", "revoke": "revoquer",
            "unsubscribe": "desabonnement"}
