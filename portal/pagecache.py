"""Pages as visitors see them, kept in each web process and checked against a stamp in the database.

A view decorated with `@visitor_cache("commitments", "auth")` answers a signed-out visitor's GET from memory
when nothing in those scopes has changed since the page was rendered. A scope is a feature: every table whose
model lives in `portal/<feature>/` belongs to it (the foundation's tables to "portal"). Every commit that
changed a row of a scope gives the scope a new random stamp (`content_stamps`) in the same transaction, so
every node sees the change when the data commits: the stamp is read (one small statement) before the page's
own reads, so a page is never kept under a stamp older than its data. The cache key is the stamps, the
address (host, path, query and language: API answers carry absolute links), htmx's headers and today's date (overdue lists change at midnight).

Never kept: a signed-in person's pages (they show that person's permissions and forms), a visitor with a
message to show (a flash), a session that just expired, a request whose own transaction has unsaved
changes, any answer but 200, and anything while a scope has no stamp row yet. The CSRF token a page carries
is taken out before the page is kept and the visitor's own token put back on each answer. Writes that go
around the ORM (`text()` DML through the session) mark every scope changed; writes by other programs
(psql, a restore) are caught by the restarted processes or by MAX_AGE.

While the database is unreachable no kept page is served: whether it is still current can only be known from the
stamps, so the stamp read fails like any other statement and the visitor gets the bilingual 503 page
(portal/outage.py), on every node alike; the kept pages are served again once the stamps can be read and match.
A stale page shown as current would be worse than an honest "try again" (a closed consultation shown open, a
withdrawn commitment still listed), and a load balancer's health check takes the node out during an outage anyway.
"""
from __future__ import annotations

import functools
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from flask import current_app, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import TextClause
from werkzeug.datastructures import Headers

from .extensions import db
from .features import FEATURES

ALL = "*"
MAX_AGE = 300          # seconds: a safety net for writes that bypass the portal
MAX_ENTRIES = 256      # per process
MAX_BYTES = 32 << 20   # per process, all entries together (any query string makes a new key)
MAX_BODY = 1 << 20     # a larger answer (a big API page) is not kept
CSRF_MARK = b"\x00csrf\x00"   # NUL never appears in a page (portal/guards.py refuses it in input)
# Bookkeeping that no kept page shows (sessions are touched once a minute by every signed-in person; the
# outboxes, the audit log and job claims are written beside most changes): no new stamp for these alone.
QUIET_TABLES = frozenset({"content_stamps", "user_sessions", "search_outbox", "mail_outbox", "audit_log",
                          "job_claims", "search_entries", "search_words"})
PENDING = "content_scopes"
DML_WORD = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TEXT_DML = re.compile(r'(?:DELETE\s+FROM|UPDATE|INSERT\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)


class ContentStamp(db.Model):
    """One row per scope (feature): a random value replaced by every commit that changes the scope's rows."""

    __tablename__ = "content_stamps"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(32))


def scope_of_class(cls: type) -> str:
    parts = cls.__module__.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "portal" and parts[1] in FEATURES else "portal"


@functools.cache
def _table_scopes() -> dict[str, str]:
    return {m.local_table.name: scope_of_class(m.class_) for m in db.Model.registry.mappers}


def _note(session: Session, scope: str | None) -> None:
    if scope:
        session.info.setdefault(PENDING, set()).add(scope)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    changed = [*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))]
    for obj in changed:
        if getattr(type(obj), "__tablename__", None) not in QUIET_TABLES:
            _note(session, scope_of_class(type(obj)))


@event.listens_for(Session, "do_orm_execute")
def _bulk_writes(state) -> None:
    """insert()/update()/delete() and text() DML executed through the session bypass after_flush."""
    stmt = state.statement
    if isinstance(stmt, TextClause):
        sql = stmt.text.lstrip()
        first = sql.split(None, 1)[0].upper() if sql else ""
        if first in ("SELECT", "SHOW", "SET", "EXPLAIN") or (first == "WITH" and not DML_WORD.search(sql)):
            return
        match = TEXT_DML.search(sql)
        table = match.group(1).lower() if match else None
    elif state.is_insert or state.is_update or state.is_delete:
        table = getattr(getattr(stmt, "table", None), "name", None)
    else:
        return
    if table not in QUIET_TABLES:
        _note(state.session, _table_scopes().get(table, ALL))


def install() -> None:
    """Called once every module is imported (portal/web.py): the stamping hook must run after every other
    before_commit hook (the search index's flushes and writes), so that nothing is written after it."""
    if not event.contains(Session, "before_commit", _stamp_before_commit):
        event.listen(Session, "before_commit", _stamp_before_commit)


def _stamp_before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    scopes = session.info.pop(PENDING, None)
    if scopes:
        new_stamps(session, scopes)


def new_stamps(session: Session, scopes: set[str]) -> None:
    """Give these scopes new stamps in the session's transaction (sorted: concurrent writers lock in order)."""
    if ALL in scopes:
        scopes = set(FEATURES) | {"portal"}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(ContentStamp).values([{"scope": s, "stamp": secrets.token_hex(16)} for s in sorted(scopes)])
    session.connection().execute(stmt.on_conflict_do_update(index_elements=["scope"],
                                                            set_={"stamp": stmt.excluded.stamp}))


def current_stamps(scopes: tuple[str, ...]) -> tuple[str, ...] | None:
    """The scopes' stamps, or None when one has none yet (nothing may be kept under a missing stamp)."""
    rows = dict(db.session.execute(select(ContentStamp.scope, ContentStamp.stamp)
                                   .where(ContentStamp.scope.in_(scopes))).all())
    if len(rows) < len(scopes):
        return None
    return tuple(rows[s] for s in scopes)


@dataclass
class Entry:
    body: bytes
    status: int
    headers: list[tuple[str, str]]
    csrf: bool
    at: float


class PageCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE):
        self.max_entries, self.max_age = max_entries, max_age
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = self.bytes = 0

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry.at > self.max_age:
                if entry is not None:
                    self.bytes -= len(self._entries.pop(key).body)
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if len(entry.body) > MAX_BODY:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.bytes += len(entry.body) - (len(old.body) if old else 0)
            self._entries[key] = entry
            while len(self._entries) > self.max_entries or self.bytes > MAX_BYTES:
                self.bytes -= len(self._entries.popitem(last=False)[1].body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = self.bytes = 0


CACHE = PageCache()


def _may_use_cache() -> bool:
    return (request.method == "GET" and current_app.config.get("PAGE_CACHE", True)
            and not current_user.is_authenticated and "_flashes" not in session
            and not g.get("session_expired") and not db.session.info.get(PENDING)
            and not (db.session.new or db.session.dirty or db.session.deleted))


def _keep(response) -> Entry | None:
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return None
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token:
        body = body.replace(token.encode(), CSRF_MARK)
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("set-cookie", "content-length")]
    return Entry(body, response.status_code, headers, bool(token), time.monotonic())


def _replay(entry: Entry):
    body = entry.body.replace(CSRF_MARK, generate_csrf().encode()) if entry.csrf else entry.body
    return current_app.response_class(body, status=entry.status, headers=Headers(entry.headers))


def visitor_cache(*scopes: str):
    """Keep the view's answer for signed-out visitors until a scope it reads from changes (see the module)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not _may_use_cache():
                return view(*args, **kwargs)
            stamps = current_stamps(scopes)
            if stamps is None:
                return view(*args, **kwargs)
            key = (request.endpoint, g.get("lang"), request.host, request.full_path, request.headers.get("HX-Request"),
                   request.headers.get("HX-Target"), date.today(), stamps)
            entry = CACHE.get(key)
            if entry is not None:
                return _replay(entry)
            response = make_response(view(*args, **kwargs))
            kept = _keep(response)
            if kept is not None:
                CACHE.put(key, kept)
            return response
        return wrapper
    return decorator
