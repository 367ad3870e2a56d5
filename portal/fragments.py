"""The heavy part of a page, rendered once per audience and reused until what it reads changes.

A signed-in person's page is never kept whole (portal/pagecache.py): it shows their name, their follow buttons,
their form tokens. But its heavy part (a plan's status table and spending, a page of the commitment list, an API
answer) depends only on:

- the content it reads: the stamps of its scopes (portal/pagecache.py; one statement), and today's date;
- the reader's **audience**: `roles_of(user)` (visitor, member while the account is active, and the person's
  roles), their organisation and, when one of those roles grants anything by province or territory, their
  organisation's jurisdiction. Every answer of `can`, `can_some`, `may_see`, `visibility_levels` and the
  features' visibility clauses is a function of these and of nothing else of the person;
- the address: language, host (API answers carry absolute links), and the view's own arguments.

`shared(name, scopes, parts, build)` answers build()'s value kept under all of that, or calls build() and keeps
what it returns. Two readers share a value only when their audiences are equal: a department lead never gets
what was rendered for the secretariat, and a visitor never what was rendered for a member. What build() renders
must show nothing of the person beyond their audience (no name, no follow state, no "yours" marker); a CSRF
token found in a kept text is taken out and each reader's own put back. Nothing is kept while the request's own
transaction has unsaved changes, or while a scope has no stamp yet; CONCERTO_PAGE_CACHE=0 turns this off too.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, Hashable

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .extensions import db
from .pagecache import CSRF_MARK, MAX_AGE, PENDING, current_stamps
from .permissions import OWN_JURISDICTION, ROLE_PERMISSIONS, roles_of

MAX_ENTRIES = 512      # per process
MAX_CHARS = 48 << 20   # per process, all values together (characters or bytes)
MARK = CSRF_MARK.decode()


def audience(user: Any) -> tuple:
    """What a shared part may depend on of its reader (see the module)."""
    roles = tuple(roles_of(user))
    if not getattr(user, "is_authenticated", False):
        return roles, None, None
    by_place = any(scope is OWN_JURISDICTION for role in roles for scope in ROLE_PERMISSIONS.get(role, {}).values())
    return roles, user.organisation_id, user.jurisdiction_code if by_place else None


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value) + 16
    return 64


class Store:
    """At most MAX_ENTRIES values and MAX_CHARS characters per process, least recently used out first."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS, max_age: float = MAX_AGE):
        self.max_entries, self.max_chars, self.max_age = max_entries, max_chars, max_age
        self._items: OrderedDict[tuple, tuple[float, int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = self.size = 0

    def get(self, key: tuple) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None or time.monotonic() - item[0] > self.max_age:
                if item is not None:
                    self.size -= self._items.pop(key)[1]
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[2]

    def put(self, key: tuple, value: Any) -> None:
        size = _size(value)
        with self._lock:
            old = self._items.pop(key, None)
            self.size += size - (old[1] if old else 0)
            self._items[key] = (time.monotonic(), size, value)
            while len(self._items) > self.max_entries or self.size > self.max_chars:
                self.size -= self._items.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = self.size = 0


STORE = Store()


def _may_keep() -> bool:
    return (request.method in ("GET", "HEAD") and current_app.config.get("PAGE_CACHE", True)
            and not db.session.info.get(PENDING)
            and not (db.session.new or db.session.dirty or db.session.deleted))


def _csrf_token() -> str | None:
    return g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))


def _take_token(value: Any, token: str | None) -> Any:
    if token and isinstance(value, str) and token in value:
        return type(value)(value.replace(token, MARK))
    if isinstance(value, tuple):
        return tuple(_take_token(v, token) for v in value)
    return value


def _put_token(value: Any) -> Any:
    if isinstance(value, str) and MARK in value:
        return type(value)(value.replace(MARK, generate_csrf()))
    if isinstance(value, tuple):
        return tuple(_put_token(v) for v in value)
    return value


def shared(name: str, scopes: tuple[str, ...], parts: Hashable, build: Callable[[], Any]) -> Any:
    """build()'s value for this reader's audience and this address (see the module). `parts` are the view's own
    arguments (a plan's id, the filters); the value should be immutable (text, bytes, tuples)."""
    if not _may_keep():
        return build()
    stamps = current_stamps(scopes)
    if stamps is None:
        return build()
    key = (name, audience(current_user), g.get("lang"), request.host, date.today(), stamps, parts)
    value = STORE.get(key)
    if value is None:
        value = build()
        STORE.put(key, _take_token(value, _csrf_token()))
        return value
    return _put_token(value)


def html(text: str) -> Markup:
    """A kept rendering, for a template to show as it is."""
    return Markup(text)
