"""The search outbox: every insert, update or delete of an indexed model writes a row in the same
transaction (after_flush); the one writer applies rows to the index after commit and deletes them.
A crash loses nothing: unapplied rows are replayed. When the server runs as one process
(SEARCH_APPLY_AFTER_COMMIT), a commit that wrote rows wakes its background writer (portal/search/writer.py)."""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from ..db import utcnow
from ..extensions import db
from . import writer
from .documents import CHILDREN_BY_MODEL, PROVIDERS_BY_MODEL
from .models.outbox import SearchOutbox

__all__ = ["SearchOutbox", "enqueue", "reindex_parent"]

# model -> obj -> (doc_type, id) of the indexed record whose documents include this child (a file of a
# progress report): a change to the child re-indexes the parent.
PARENTS: dict[type, object] = {}


def reindex_parent(model: type, parent_of) -> None:
    PARENTS[model] = parent_of


def enqueue(doc_type: str, obj_id: int, op: str = "upsert") -> None:
    """Queue a re-index by hand (e.g. when a change elsewhere alters what an object's documents say)."""
    db.session.execute(insert(SearchOutbox), [{"doc_type": doc_type, "obj_id": obj_id, "op": op,
                                               "created_at": utcnow()}])
    db.session.info["search_pending"] = True


def _provider_for(obj):
    for cls in type(obj).__mro__:
        provider = PROVIDERS_BY_MODEL.get(cls)
        if provider is not None:
            return provider
    return None


def _children_of(obj):
    for cls in type(obj).__mro__:
        children = CHILDREN_BY_MODEL.get(cls)
        if children is not None:
            return children
    return None


def _children_of_changed(session: Session) -> list[tuple[str, int]]:
    """The documents whose visibility follows a parent changed (or deleted) in this flush."""
    out: list[tuple[str, int]] = []
    changed = [o for o in session.dirty if session.is_modified(o, include_collections=False)] + list(session.deleted)
    for obj in changed:
        children = _children_of(obj)
        if children is not None and getattr(obj, "id", None) is not None:
            out.extend(children(obj, session.connection()))
    return out


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, _ctx) -> None:
    rows = {}
    for obj, op in [(o, "upsert") for o in session.new] + [(o, "upsert") for o in session.dirty] + \
                   [(o, "delete") for o in session.deleted]:
        parent_of = PARENTS.get(type(obj))
        parent = parent_of(obj) if parent_of is not None else None
        if parent is not None and parent[1] is not None:
            rows[parent] = "upsert"
        provider = _provider_for(obj)
        if provider is None or getattr(obj, "id", None) is None:
            continue
        if op == "upsert" and obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        rows[(provider.doc_type, obj.id)] = op
    for (doc_type, obj_id) in _children_of_changed(session):
        rows.setdefault((doc_type, obj_id), "upsert")
    if rows:
        session.info["search_pending"] = True
        now = utcnow()
        # Core insert on the flush's own connection: same transaction, no ORM add during flush.
        session.connection().execute(insert(SearchOutbox), [
            {"doc_type": t, "obj_id": i, "op": op, "created_at": now} for (t, i), op in rows.items()])


@event.listens_for(Session, "after_commit")
def _wake_writer(session: Session) -> None:
    if not session.info.pop("search_pending", False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.config.get("SEARCH_APPLY_AFTER_COMMIT"):
        writer.background_writer(app).wake()
