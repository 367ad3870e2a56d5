"""Logging that keeps no identifying trace of a visitor (no network address, no browser string) and no secret
(no token from an invitation, reset, unsubscribe or private-feed link).

Anonymous consultation submitters are promised that nothing identifying is kept anywhere, logs included.
The development server (werkzeug) starts each request line with the client address, Flask-Limiter names
its key (the address) when a limit is reached, and gunicorn can log both: every record that reaches our
loggers is scrubbed here, at the logger, so every handler (files, journald, pytest's capture) gets the
clean text. gunicorn's access line format is set in gunicorn.conf.py without %(h)s, %(a)s or %({...}i)s.
"""
from __future__ import annotations

import logging
import re

# IPv4, and IPv6 written in full (seven colons) or with "::" (so "12:30:05" times are left alone).
_H = r"[0-9a-fA-F]{1,4}"
_IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
_IPV6 = rf"(?<![\w:])(?:(?:{_H}:){{7}}{_H}|(?:{_H}(?::{_H})*)?::(?:{_H}(?::{_H})*)?)(?:%\w+)?(?![\w:])"
_ADDRESS = re.compile(rf"{_IPV4}|\[?{_IPV6}\]?")
# werkzeug's request line: '<address> - - [date] "GET / HTTP/1.1" 200 -'
_WERKZEUG_LINE = re.compile(r"^\S+ - - \[")

REDACTED = "-"
TOKEN_REDACTED = "[token]"

# Secrets in addresses (invitation, password-reset, unsubscribe and private-feed links, signed tokens) must
# not reach a log through a request line. A token is a path segment or query value of 16 or more URL-safe
# characters mixing upper case, lower case and digits (secrets.token_urlsafe, itsdangerous); slugs such as
# "consultation-2018" are lower case and stay readable. Values of query parameters named like secrets go too.
_TOKEN_CHARS = r"[A-Za-z0-9_\-.~]"
_TOKEN_SEGMENT = re.compile(rf"(?<=[/=])(?=[^\s/?&#\"]*[A-Z])(?=[^\s/?&#\"]*[a-z])(?=[^\s/?&#\"]*\d){_TOKEN_CHARS}{{16,}}"
                            rf"(?={_TOKEN_CHARS}*)(?![A-Za-z0-9_\-.~])")
# Routes whose next segment is always a token, whatever it looks like.
_TOKEN_ROUTE = re.compile(r"(/(?:invitation|invitations|reset|reset-password|password-reset|nouveau-mot-de-passe|"
                          r"unsubscribe|desabonnement|private|calendar|calendrier)/)[^\s/?&#\"]+")
_SECRET_PARAM = re.compile(r"([?&](?:token|code|key|sig|signature|secret|password)=)[^&\s\"#]+", re.I)

# The loggers whose records may carry a client's address: the development server, the rate limiter,
# gunicorn, and our own (an exception message could quote a header).
SCRUBBED_LOGGERS = ("werkzeug", "flask-limiter", "gunicorn.error", "gunicorn.access", "portal", "apscheduler")


# The server's own listening address is no one's trace: keep it, so operators see where it serves.
_SERVER_LINES = ("Running on http", "Listening at: ")


def scrub(text: str) -> str:
    if any(marker in text for marker in _SERVER_LINES):
        return text
    text = _WERKZEUG_LINE.sub(f"{REDACTED} - - [", text, count=1)
    text = _ADDRESS.sub(REDACTED, text)
    text = _TOKEN_ROUTE.sub(rf"\1{TOKEN_REDACTED}", text)
    text = _SECRET_PARAM.sub(rf"\1{TOKEN_REDACTED}", text)
    text = _TOKEN_SEGMENT.sub(TOKEN_REDACTED, text)
    return text


class NoClientTraceFilter(logging.Filter):
    """Rewrites the record's message without network addresses or browser strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error handling
            return True
        clean = scrub(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


_FILTER = NoClientTraceFilter()


def install(extra_loggers: tuple[str, ...] = ()) -> None:
    """Attach the filter to the loggers above and to the root logger's handlers (idempotent)."""
    for name in SCRUBBED_LOGGERS + extra_loggers:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
