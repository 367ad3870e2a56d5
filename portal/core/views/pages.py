"""The home page, the privacy notice, the accessibility statement, the terms of use and the quick exit."""
from __future__ import annotations

from flask import current_app, make_response, redirect, render_template, session
from flask_login import current_user, logout_user

from ...auth import services as auth_services
from ... import todo
from ...flow import transaction
from ..blueprint import bp


@bp.route("/")
def home():
    return render_template("core/home.html", todos=todo.collect(current_user))


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@bp.route("/terms")
def terms():
    return render_template("core/terms.html")


@bp.route("/quick-exit")
def quick_exit():
    """End the session and leave for a neutral site, sending no referrer.

    A plain link (GET) so leaving works from any page, with or without JavaScript, even a stale one; it only
    ends the visitor's own session."""
    with transaction():
        auth_services.end_session()
        logout_user()
        session.clear()
    response = make_response(redirect(current_app.config["QUICK_EXIT_URL"], 303))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response.headers["Cache-Control"] = "no-store"
    return response
