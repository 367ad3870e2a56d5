from __future__ import annotations

from flask import Blueprint, current_app, jsonify, make_response, redirect, render_template, session
from flask_login import logout_user
from sqlalchemy import text

from ..auth import services as auth_services
from ..extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    return render_template("core/home.html")


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/quick-exit")
def quick_exit():
    # A plain link (GET) so leaving works from any page, with or without JavaScript, even a stale one;
    # it only ends the visitor's own session.
    """End the session and leave for a neutral site, sending no referrer."""
    auth_services.end_session()
    logout_user()
    session.clear()
    db.session.commit()
    response = make_response(redirect(current_app.config["QUICK_EXIT_URL"], 303))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response.headers["Cache-Control"] = "no-store"
    return response


def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})


api_bp = Blueprint("health", __name__)
api_bp.add_url_rule("/health", view_func=healthz)
