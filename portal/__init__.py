"""Concerto: create_app(config) -> load_config, init_extensions, register_blueprints,
register_errorhandlers, register_cli (flaskr, cookiecutter-flask)."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import logs
from .config import ROOT, load_config


def create_app(config: dict | None = None) -> Flask:
    settings = load_config(config)
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static",
                instance_path=settings["INSTANCE_DIR"])
    app.config.update(settings)
    Path(app.config["CONCERTO_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logs.install()  # no client address or browser string in any log line

    from . import web

    web.init_extensions(app)
    web.register_blueprints(app)
    web.register_request_hooks(app)
    web.register_errorhandlers(app)
    web.register_template_helpers(app)

    if app.config["PROXY_COUNT"]:
        # Behind HTTPS-terminating proxies: the scheme and the client address (used only for the sign-in
        # rate limit, in memory or Redis; never logged or stored) come from their headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from .cli import register_cli

    register_cli(app)
    return app
