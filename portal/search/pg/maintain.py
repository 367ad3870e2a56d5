"""`concerto search rebuild | check | apply` and the tools' direct writes, for the PostgreSQL engine."""
from __future__ import annotations

import time

from sqlalchemy import bindparam, text

from ...extensions import db
from ..documents import SearchDocument, iter_all_documents
from .store import apply_pending, write

BATCH = 500


def apply_outbox() -> int:
    """Take what the outbox still holds (rows left by a crash or by the other engine) and commit."""
    try:
        applied = apply_pending(db.session)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return applied


def index_documents(docs: list[SearchDocument], remove_keys=()) -> None:
    conn = db.session.connection()
    if docs:
        conn.execute(text("DELETE FROM search_entries WHERE doc_id IN :ids").bindparams(
            bindparam("ids", expanding=True)), {"ids": [d.doc_id for d in docs]})
    write(conn, docs, remove_keys=remove_keys, by_object=False)
    db.session.commit()


def remove(doc_id: str) -> None:
    db.session.execute(text("DELETE FROM search_entries WHERE doc_id = :id"), {"id": doc_id})
    db.session.commit()


def rebuild(out=None) -> tuple[int, float]:
    """Every provider's documents afresh, in one transaction: searches see the old rows until it commits.
    Dates of indexing of unchanged documents are kept."""

    started = time.perf_counter()
    conn = db.session.connection()
    previous = {r.doc_id: (r.hash, r.indexed_at) for r in conn.execute(
        text("DELETE FROM search_entries RETURNING doc_id, hash, indexed_at"))}
    conn.execute(text("DELETE FROM search_words"))
    count, batch = 0, []
    for doc in iter_all_documents():
        batch.append(doc)
        if len(batch) >= BATCH:
            count += write(conn, batch, previous=previous, by_object=False)
            batch = []
    count += write(conn, batch, previous=previous, by_object=False)
    db.session.commit()
    seconds = time.perf_counter() - started
    if out:
        out(f"indexed {count} documents in {seconds:.1f} s")
    return count, seconds


def actual() -> dict[str, tuple[str, str]]:
    """doc_id -> (key, hash) of what the table holds (for `search check`)."""
    return {r.doc_id: (r.key, r.hash) for r in db.session.execute(text("SELECT doc_id, key, hash FROM search_entries"))}
