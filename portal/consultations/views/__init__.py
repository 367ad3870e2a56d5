"""Routes of the consultations feature, registered on the blueprints of `blueprint.py` when imported."""
from . import api, builder, exports, manage, moderation, pages, respond, roundtables, themes  # noqa: F401
