"""When the database is down: the bilingual 503 page, at once, and nothing that needs the database to show it.

Connections are bounded (connect and statement timeouts, `pool_pre_ping` in config.py), so a request during an
outage fails within seconds instead of hanging; the error handlers send it here. Recovery needs no one: the
pool drops dead connections (pre-ping) and the next request connects again.
"""
from __future__ import annotations

import errno
import sqlite3

import psycopg
from flask import g, jsonify, make_response, render_template, request
from flask_babel import force_locale
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from .i18n import LANGS, LOCALES, _, other_lang, preferred_lang

RETRY_AFTER_SECONDS = 30
SQLITE_FULL = 13


def is_database_outage(exc: BaseException) -> bool:
    """The database refused, dropped or timed out the connection (not a bug in a query)."""
    if isinstance(exc, (OperationalError, PoolTimeout, psycopg.OperationalError, sqlite3.OperationalError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def is_disk_full(exc: BaseException | None) -> bool:
    """The disk is full: a file write (ENOSPC, EDQUOT), SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100);
    looked for through SQLAlchemy's wrapper and the exception's causes."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL
                                               or "database or disk is full" in str(exc)):
            return True
        if isinstance(exc, psycopg.Error) and getattr(exc, "sqlstate", None) == "53100":
            return True
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
        seen += 1
    return False


def _texts(lang: str) -> dict:
    with force_locale(LOCALES[lang]):
        return {"lang": lang,
                "title": _("Temporarily unavailable"),
                "message": _("The portal cannot reach its database for a moment. Please try again in a minute."),
                "retry": _("Try again"),
                "unsaved": _("If you were sending a form, it may not have been saved: go back (what you typed is "
                             "usually still in your browser) and send it again in a minute.")}


def unavailable_response():
    """The 503 answer, in the page's language first and then the other one; it never touches the database."""
    from flask_login import AnonymousUserMixin

    g._login_user = AnonymousUserMixin()  # no later hook may try to load the user from the database
    if request.path.startswith("/api/"):
        resp = jsonify({"error": {"code": 503, "message": "the database is temporarily unavailable"}})
    else:
        path_lang = request.path.strip("/").split("/", 1)[0]
        first = g.get("lang") or (path_lang if path_lang in LANGS else preferred_lang())
        g.lang = first
        resp = make_response(render_template("errors/unavailable.html", texts=[_texts(first), _texts(other_lang(first))],
                               retry_url=request.full_path.rstrip("?") if request.method == "GET" else None))
    resp.status_code = 503
    resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    resp.headers["Cache-Control"] = "no-store"
    return resp
