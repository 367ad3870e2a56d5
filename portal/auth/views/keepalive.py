"""Staying signed in: the idle-timeout warning's "Stay signed in" button (portal/static/js/session.js)."""
from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..blueprint import bp


@bp.route("/session/keep-alive", methods=["POST"])
def keep_alive():
    """Loading the user (portal/auth/sessions.py, asked to touch the session now by the before-request hook)
    marked the session as used; this says whether the person is still signed in. A POST with the CSRF token, so another site cannot keep a session alive."""
    if not current_user.is_authenticated:
        return jsonify({"signed_in": False}), 401
    return jsonify({"signed_in": True})
