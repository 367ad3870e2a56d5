"""Wiring of the web app: extensions, blueprints, request hooks, error pages, template helpers."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from flask import Flask, abort, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import delete, select, update
from werkzeug.exceptions import HTTPException

import flask_babel

from . import features, i18n
from .db import utcnow
from .extensions import (babel, configure_sqlite, csrf, db, limiter, login_manager, migrate, sqlite_write_intent,
                         write_intent)
from .i18n import _, _l
from .markdown import render_markdown
from .permissions import can, can_some, visibility_levels

LANG_PREFIX = "/<any(fr,en):lang>"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, default_timezone="America/Toronto",
                   default_translation_directories=";".join(features.translation_dirs()))
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.session_protection = None  # server-side sessions below do this job
    login_manager.user_loader(_load_user)
    # One path for "sign in first": the 401 handler below (login page with a local `next`).
    login_manager.unauthorized_handler(lambda: abort(401))
    # Models of every feature must be imported before create_all / Alembic looks at the metadata.
    from . import audit, files, jobs, links, mail  # noqa: F401
    from .search import outbox  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """Every feature's models, routes, search providers and link resolvers, from the one registry."""
    features.load("models")
    for feature in features.present():
        routes = features.module(feature, "views")  # registers the routes on the feature's blueprints
        blueprints = features.module(feature, "blueprint") or routes
        if blueprints is None:
            continue
        bp = getattr(blueprints, "bp", None)
        if bp is not None:
            app.register_blueprint(bp, url_prefix=LANG_PREFIX + (bp.url_prefix or ""))
        api_bp = getattr(blueprints, "api_bp", None)
        if api_bp is not None:
            csrf.exempt(api_bp)  # read-only JSON; no cookies needed
            app.register_blueprint(api_bp, url_prefix="/api/v1" + (api_bp.url_prefix or ""))
    features.load("search")
    features.load("refs")

    @app.route("/")
    def root():
        return redirect(url_for("core.home", lang=i18n.preferred_lang()))


def _load_user(user_id: str):
    from .auth.models import User, UserSession, hash_token

    token = session.get("sid")
    if not token:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == hash_token(token)))
    if row is None or str(row.user_id) != str(user_id):
        return None
    user = row.user
    if not user.active:
        return None
    now = utcnow()
    idle = timedelta(minutes=g.get("idle_minutes") or 30)
    if now - row.last_seen_at > idle:
        _end_session_row(row.id)
        session.pop("sid", None)
        g.session_expired = True
        flash(_("Your session ended after a period of inactivity. Please sign in again."), "info")
        return None
    if now - row.last_seen_at > timedelta(seconds=60):
        _touch_session_row(row.id, now)
    return user


def _end_session_row(row_id: int) -> None:
    from .auth.models import UserSession

    with write_intent(), db.engine.begin() as conn:
        conn.execute(delete(UserSession).where(UserSession.id == row_id))


def _touch_session_row(row_id: int, now) -> None:
    # Its own short transaction, so a read-only request never upgrades to a write lock mid-way.
    from .auth.models import UserSession

    with write_intent(), db.engine.begin() as conn:
        conn.execute(update(UserSession).where(UserSession.id == row_id).values(last_seen_at=now))


def register_request_hooks(app: Flask) -> None:
    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        # A request may run inside an outer app context (tests, CLI) whose g outlives it: start clean.
        for key in ("_login_user", "lang", "session_expired", "idle_minutes"):
            g.pop(key, None)
        g.lang = values.pop("lang", None) if values else None
        flask_babel.refresh()

    @app.url_defaults
    def add_lang(endpoint, values):
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        values["lang"] = g.get("lang") or i18n.current_lang()

    @app.before_request
    def before():
        g.idle_minutes = app.config["IDLE_TIMEOUT_MINUTES"]
        if request.method not in SAFE_METHODS:
            g._write_token = sqlite_write_intent.set(True)

    @app.teardown_request
    def after_teardown(_exc):
        token = g.pop("_write_token", None)
        if token is not None:
            sqlite_write_intent.reset(token)

    @app.after_request
    def headers(response):
        csp = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
               "base-uri 'self'; form-action 'self'")
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["HSTS"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if current_user and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            response.headers["Vary"] = "Cookie"
        lang = g.get("lang")
        if lang and request.cookies.get("lang") != lang:
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                                secure=app.config["SESSION_COOKIE_SECURE"])
        return response


ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    401: (_l("Sign-in required"), _l("Please sign in to see this page.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page or do this action.")),
    404: (_l("Page not found"), _l("We could not find the page you asked for.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("What you sent is larger than the portal accepts. Please send a smaller file.")),
    429: (_l("Too many requests"), _l("Too many attempts in a short time. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. It has been logged; please try again later.")),
    503: (_l("Temporarily unavailable"), _l("This service is temporarily unavailable. Please try again later.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _lang_of_path() -> str | None:
    """The language of an address that matched no route (a 404 under /fr/ is answered in French)."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in i18n.LANGS else None


def render_error(code: int, message: str | None = None):
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    if _wants_json():
        return jsonify({"error": {"code": code, "message": str(message or text)}}), code
    if not g.get("lang"):
        g.lang = _lang_of_path() or i18n.preferred_lang()
    return render_template("errors/error.html", code=code, title=title, message=message or text), code


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        db.session.rollback()
        return render_error(400, _("Your form expired or was sent from another page. Please reload the page "
                                   "and send it again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        if exc.code == 401 and not _wants_json():
            if not g.get("lang"):
                g.lang = _lang_of_path() or i18n.preferred_lang()
            if not g.get("session_expired"):
                flash(_("Please sign in to see this page."), "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if exc.code in ERROR_TEXT:
            return render_error(exc.code)
        return exc

    @app.errorhandler(Exception)
    def server_error(exc):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)


def switch_lang_url(target: str) -> str:
    """The current page in the other language."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang"] = target
        url = url_for(request.endpoint, **args)
        query = request.args.to_dict(flat=False)
        query.pop("lang", None)
        return url + ("?" + urlencode(query, doseq=True) if query else "")
    if _lang_of_path():  # an address under /fr or /en that matched nothing: same address, other language
        return "/" + target + request.full_path.rstrip("?")[3:]
    return url_for("core.home", lang=target)


def _role_label(role: str) -> str:
    from .auth.models import ROLE_LABELS

    return str(ROLE_LABELS.get(role, role))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.autoescape = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        markdown=render_markdown,
        money=i18n.format_money,
        number=i18n.format_number,
        percent=i18n.format_percent,
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        role_label=_role_label,
    )

    @app.context_processor
    def helpers():
        from .auth.models import JURISDICTIONS, jurisdiction_name

        return {
            "tr": i18n.localized,
            "current_lang": i18n.current_lang,
            "other_lang": i18n.other_lang,
            "lang_name": i18n.lang_name,
            "switch_lang_url": switch_lang_url,
            "can": lambda action, obj=None: can(current_user, action, obj),
            "can_some": lambda action: can_some(current_user, action),
            "visibility_levels": lambda: visibility_levels(current_user),
            "jurisdiction_name": jurisdiction_name,
            "JURISDICTIONS": JURISDICTIONS,
            "quick_exit_url": app.config["QUICK_EXIT_URL"],
            "nav_items": nav_items,
            "current_app_endpoints": lambda: app.view_functions,
        }


# Main navigation: (endpoint, label, permission or None).
NAV = [
    ("commitments.index", _l("Commitments"), None),
    ("consultations.index", _l("Consultations"), None),
    ("coalitions.index", _l("Coalitions and services"), None),
    ("lessons.index", _l("Lessons learned"), None),
    ("admin.users", _l("Administration"), "users.manage"),
]


def nav_items():
    items = []
    for endpoint, label, permission in NAV:
        if permission and not can(current_user, permission):
            continue
        items.append((url_for(endpoint), label, request.endpoint and request.endpoint.split(".")[0] == endpoint.split(".")[0]))
    return items
