"""Wiring of the web app at create time: extensions, blueprints, request hooks; the error pages
(portal/errors.py), the template helpers (portal/templating.py) and the main navigation below."""
from __future__ import annotations

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user

import flask_babel

from . import addresses, errors, features, guards, i18n, templating
from .auth.access import second_factor_gate
from .auth.sessions import load_user
from .extensions import babel, configure_sqlite, csrf, db, limiter, login_manager, migrate, sqlite_write_intent
from .i18n import _l

LANG_PREFIX = "/<any(fr,en):lang>"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_extensions(app: Flask) -> None:
    guards.install_converters(app)  # before any route: `<int:...>` bounded to 64 bits
    guards.install(app)
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
    login_manager.session_protection = None  # the server-side sessions (portal/auth/sessions.py) do this job
    login_manager.user_loader(load_user)
    # One path for "sign in first": the 401 handler (portal/errors.py: login page with a local `next`).
    login_manager.unauthorized_handler(lambda: abort(401))
    # Models of every feature must be imported before create_all / Alembic looks at the metadata.
    from . import audit, files, jobs, links, mail, pagecache  # noqa: F401
    from .search import outbox  # noqa: F401
    from .search.pg import store, table  # noqa: F401  (PostgreSQL search: its tables, its commit hook)
    from . import pagecache

    pagecache.install()  # last: its commit hook stamps what every other hook wrote


def register_blueprints(app: Flask) -> None:
    """Every feature's models, routes, search providers and link resolvers, from the one registry."""
    features.load("models")
    french_paths = {}
    for feature in features.present():
        routes = features.module(feature, "views")  # registers the routes on the feature's blueprints
        blueprints = features.module(feature, "blueprint") or routes
        if blueprints is None:
            continue
        bp = getattr(blueprints, "bp", None)
        if bp is not None:
            app.register_blueprint(bp, url_prefix=LANG_PREFIX + (bp.url_prefix or ""))
            french_paths[bp.name] = getattr(blueprints, "FR_PATHS", {})
        api_bp = getattr(blueprints, "api_bp", None)
        if api_bp is not None:
            csrf.exempt(api_bp)  # read-only JSON; no cookies needed
            app.register_blueprint(api_bp, url_prefix="/api/v1" + (api_bp.url_prefix or ""))
    features.load("search")
    features.load("refs")

    @app.route("/")
    def root():
        return redirect(url_for("core.home", lang=i18n.preferred_lang()))

    addresses.localize(app, french_paths)  # /en/commitments/12 and /fr/engagements/12 (portal/addresses.py)


def register_request_hooks(app: Flask) -> None:
    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        # A request may run inside an outer app context (tests, CLI) whose g outlives it: start clean.
        for key in ("_login_user", "lang", "session_expired", "idle_minutes", "keep_alive"):
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
        g.keep_alive = request.endpoint == "auth.keep_alive"   # touch the session now, not within a minute
        if request.method not in SAFE_METHODS:
            g._write_token = sqlite_write_intent.set(True)
        if request.endpoint != "static":
            # Who is signed in, before the view touches the database (see portal/auth/sessions.py).
            current_user._get_current_object()
            return second_factor_gate()
        return None

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


def register_errorhandlers(app: Flask) -> None:
    errors.register_errorhandlers(app)


def register_template_helpers(app: Flask) -> None:
    templating.register_template_helpers(app, NAV)


# Main navigation: (endpoint, label, permission or None).
NAV = [
    ("commitments.index", _l("Commitments"), None),
    ("consultations.index", _l("Consultations"), None),
    ("coalitions.index", _l("Coalitions and services"), None),
    ("lessons.index", _l("Lessons learned"), None),
    ("admin.users", _l("Administration"), "users.manage"),
]

