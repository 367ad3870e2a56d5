"""The health check a load balancer or monitor polls: the app answers and the database does too."""
from __future__ import annotations

from flask import jsonify
from sqlalchemy import text

from ...extensions import db
from ..blueprint import api_bp


@api_bp.route("/health")
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
