"""Error pages: one translated page (or JSON under /api/) per HTTP error, and "sign in first" as a redirect
to the login page that comes back here. An unexpected exception is logged and answered with the 500 page,
never with its message."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import i18n, outage, oversize
from .extensions import db
from .i18n import _, _l

ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    401: (_l("Sign-in required"), _l("Please sign in to see this page.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page or do this action.")),
    404: (_l("Page not found"), _l("We could not find the page you asked for.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("What you sent is too large"), _l("What you sent is larger than the portal accepts at once.")),
    429: (_l("Too many requests"), _l("Too many attempts in a short time. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. It has been logged; please try again later.")),
    503: (_l("Temporarily unavailable"), _l("This service is temporarily unavailable. Please try again later.")),
    507: (_l("Storage full"), _l("The portal could not save what you sent: its storage is full. Nothing was saved. "
                                  "Go back: what you typed is usually still in your browser. Try again later; if "
                                  "it lasts, tell the secretariat.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def lang_of_path() -> str | None:
    """The language of an address that matched no route (a 404 under /fr/ is answered in French)."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in i18n.LANGS else None


def _set_lang() -> None:
    if not g.get("lang"):
        g.lang = lang_of_path() or i18n.preferred_lang()


# When even the error page cannot be drawn (templates or the database failing): both languages, no template.
FALLBACK_500 = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur / Error</title></head>
<body><main><h1>Une erreur s'est produite</h1><p>Elle a été consignée. Veuillez réessayer plus tard.</p>
<div lang="en"><h1>Something went wrong</h1><p>It has been logged. Please try again later.</p></div>
<p><a href="/">Concerto</a></p></main></body></html>"""


def render_error(code: int, message: str | None = None, *, keep_drafts: bool = False):
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    if _wants_json():
        return jsonify({"error": {"code": code, "message": str(message or text)}}), code
    _set_lang()
    return render_template("errors/error.html", code=code, title=title, message=message or text,
                           keep_drafts=keep_drafts, back=back_url() if keep_drafts else None), code


def megabytes(size: int) -> str:
    """'12 MB' / '12 Mo'; one decimal unless it rounds to a whole number ('13.1 MB', '13 MB')."""
    mb = round(size / (1024 * 1024), 1)
    return _("%(n)s MB", n=i18n.format_number(mb, 0 if mb == int(mb) else 1))


def back_url() -> str:
    """The form the person came from (same site only), else the home page."""
    ref = urlsplit(request.referrer or "")
    if ref.netloc and ref.netloc == request.host and ref.path.startswith("/"):
        return ref.path + (f"?{ref.query}" if ref.query else "")
    return url_for("core.home")


def _come_back_to() -> str:
    """Where sign-in leads back: the page asked for, or for a form sent after the session ended, the page
    the form was on (its draft is filled in again there), not the address that only accepts POST."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    back = back_url()
    return back if back != url_for("core.home") else request.path


def too_large():
    """413: say what was too large (a file or a text, how large, the limit) and lead back to the form."""
    if _wants_json():
        return render_error(413)
    _set_lang()
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    found = oversize.measure(request.environ, request.content_type or "", request.content_length, limit)
    return render_template("errors/too_large.html", code=413, title=ERROR_TEXT[413][0], found=found,
                           limit=megabytes(limit), megabytes=megabytes, back=back_url()), 413


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        db.session.rollback()
        return render_error(400, _("Your form expired or was sent from another page. Please reload the page "
                                   "and send it again."), keep_drafts=True)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        if exc.code == 401 and not _wants_json():
            _set_lang()
            if not g.get("session_expired"):
                flash(_("Please sign in to see this page."), "info")
            return redirect(url_for("auth.login", next=_come_back_to()))
        if exc.code == 413:
            return too_large()
        if exc.code in ERROR_TEXT:
            return render_error(exc.code)
        return exc

    @app.errorhandler(Exception)
    def server_error(exc):
        try:
            db.session.rollback()
        except Exception:  # the connection is already gone; the pool replaces it
            db.session.invalidate()
        if outage.is_disk_full(exc):  # outside a form's transaction (a form shows it on the form: flow.py)
            app.logger.error("disk full on %s %s: %s", request.method, request.path, str(exc)[:200])
            return render_error(507, keep_drafts=True)
        if outage.is_database_outage(exc):
            app.logger.warning("database unavailable on %s %s: %s", request.method, request.path,
                               str(exc).splitlines()[0][:200])
            return outage.unavailable_response()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        try:
            return render_error(500)
        except Exception:  # noqa: BLE001 - the error page itself failed: answer in both languages anyway
            app.logger.exception("the error page failed on %s %s", request.method, request.path)
            return FALLBACK_500, 500, {"Content-Type": "text/html; charset=utf-8"}
