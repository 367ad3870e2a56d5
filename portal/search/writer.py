"""The one writer of the index: applies the search outbox, rebuilds, checks for drift.

apply_outbox() reads outbox rows, writes the documents their records have *now* (so replaying a row
is harmless), commits the index, and only then deletes the rows it applied: a crash between the two
replays them. It runs in the job process every few seconds and, when the server runs as one process
(SEARCH_APPLY_AFTER_COMMIT), in one background thread woken after each commit that touched an indexed
record; a request never waits for a Whoosh commit.
"""
from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from filelock import Timeout
from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db, sqlite_write_intent
from .documents import iter_all_documents, AFTER_APPLY_HOOKS, PROVIDERS, SearchDocument
from .index import (SearchUnavailable, create_index, ensure_index, holder, index_path, new_generation_dir,
                    open_index, swap_in, to_fields, writer_lock)
from . import pg
from .models import SearchOutbox

log = logging.getLogger(__name__)
BATCH = 500


def documents_for(doc_type: str, obj_id: int) -> list[SearchDocument]:
    provider = PROVIDERS.get(doc_type)
    if provider is None:
        return []
    obj = db.session.get(provider.model, obj_id)
    if obj is None:
        return []
    return [d for d in provider.documents(obj) if d is not None]


def purge_deleted(writer, segments):
    """Whoosh merge policy: rewrite every segment that holds a deleted document, so what was deleted is in no
    file of the index any more (a deletion alone only marks the document); leave the others as they are."""
    from whoosh.reading import SegmentReader

    kept = []
    for seg in segments:
        if not seg.has_deletions():
            kept.append(seg)
            continue
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return kept


def apply_outbox(batch: int = BATCH, lock_timeout: float = 10, clock: Callable[[], float] = time.time) -> int:
    """Apply pending outbox rows to the index; returns how many records were (re)indexed or removed.
    `clock` gives the time of indexing (epoch seconds) of what changed."""
    if pg.active():
        return pg_maintain().apply_outbox()
    ensure_index()
    lock = writer_lock()
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        log.info("search writer busy (a rebuild?); outbox left for the next run")
        return 0
    token = sqlite_write_intent.set(False)
    applied = 0
    try:
        while True:
            rows = db.session.execute(select(SearchOutbox.id, SearchOutbox.doc_type, SearchOutbox.obj_id,
                                             SearchOutbox.op).order_by(SearchOutbox.id).limit(batch)).all()
            if not rows:
                break
            latest: dict[tuple[str, int], str] = {}
            for r in rows:
                latest[(r.doc_type, r.obj_id)] = r.op
            purge = any(r.op == "purge" for r in rows)   # erased text (portal.erasure): merge it out
            ix = open_index(index_path())
            with ix.searcher() as s:  # unchanged documents keep their date of indexing (saved searches)
                previous = {f["id"]: (f.get("hash"), f.get("indexed_at")) for t, i in latest
                            for f in s.documents(key=f"{t}:{i}")}
            w = ix.writer(timeout=30)
            try:
                now = clock()
                for (doc_type, obj_id), op in latest.items():
                    w.delete_by_term("key", f"{doc_type}:{obj_id}")
                    if op != "delete":
                        for doc in documents_for(doc_type, obj_id):
                            w.add_document(**to_fields(doc, _indexed_at(doc, previous, now)))
                w.commit(mergetype=purge_deleted if purge else None)
            except BaseException:
                w.cancel()
                raise
            holder().changed()
            db.session.commit()  # end the read transaction before taking the write lock
            sqlite_write_intent.set(True)
            db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
            for hook in AFTER_APPLY_HOOKS:
                hook(list(latest))
            db.session.commit()
            sqlite_write_intent.set(False)
            applied += len(latest)
    except BaseException:
        db.session.rollback()
        raise
    finally:
        sqlite_write_intent.reset(token)
        lock.release()
    return applied


def _indexed_at(doc: SearchDocument, previous: dict, now: float) -> float:
    from .index import doc_hash

    old = previous.get(doc.doc_id)
    return old[1] if old and old[1] and old[0] == doc_hash(doc) else now


def _previous_generation() -> dict:
    try:
        with open_index(index_path()).searcher() as s:
            return {f["id"]: (f.get("hash"), f.get("indexed_at")) for f in s.all_stored_fields()}
    except SearchUnavailable:
        return {}


def rebuild(procs: int = 1, out=None, clock: Callable[[], float] = time.time) -> tuple[int, float]:
    """Build a new index generation from the database beside the live one, then swap it in."""
    if pg.active():
        return pg_maintain().rebuild(out=out)
    started = time.perf_counter()
    lock = writer_lock()
    lock.acquire(timeout=600)
    try:
        # Rows written before this point are covered by the database read below; later ones are
        # applied by the writer after the swap (applying a row twice is harmless).
        previous = _previous_generation()
        gen = new_generation_dir()
        ix = create_index(gen)
        kwargs = {"procs": procs, "multisegment": True, "limitmb": 128} if procs > 1 else {"limitmb": 128}
        w = ix.writer(**kwargs)
        count = 0
        now = clock()
        try:
            for doc in iter_all_documents():
                w.add_document(**to_fields(doc, _indexed_at(doc, previous, now)))
                count += 1
            w.commit()
        except BaseException:
            w.cancel()
            shutil.rmtree(gen, ignore_errors=True)
            raise
        old = swap_in(gen)
        holder().reset()
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)
        if out:
            out(f"indexed {count} documents in {time.perf_counter() - started:.1f} s")
        return count, time.perf_counter() - started
    finally:
        lock.release()


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)   # in the database, not in the index
    extra: list[str] = field(default_factory=list)     # in the index, not (or no longer) in the database
    stale: list[str] = field(default_factory=list)     # in both, with different content
    pending: int = 0                                   # outbox rows not applied yet

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check() -> Drift:
    """Compare the index with what the providers say the database holds."""
    from .index import doc_hash

    drift = Drift()
    pending_keys = {f"{t}:{i}" for t, i in db.session.execute(select(SearchOutbox.doc_type, SearchOutbox.obj_id))}
    drift.pending = len(pending_keys)
    expected = {d.doc_id: (d.key, doc_hash(d)) for d in iter_all_documents()}
    if pg.active():
        actual = pg_maintain().actual()
    else:
        ix = open_index(index_path())
        with ix.searcher() as s:
            actual = {f["id"]: (f["key"], f.get("hash")) for f in s.all_stored_fields()}
    for doc_id, (key, h) in expected.items():
        if key in pending_keys:
            continue
        if doc_id not in actual:
            drift.missing.append(doc_id)
        elif actual[doc_id][1] != h:
            drift.stale.append(doc_id)
    for doc_id, (key, _h) in actual.items():
        if doc_id not in expected and key not in pending_keys:
            drift.extra.append(doc_id)
    return drift


def index_is_healthy() -> bool:
    if pg.active():
        return True   # the table is part of the database
    try:
        open_index(index_path())
        return True
    except SearchUnavailable:
        return False


# ---- one background writer per process when the server runs alone (SEARCH_APPLY_AFTER_COMMIT)

class BackgroundWriter:
    def __init__(self, app):
        self.app = app
        self.event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="search-writer", daemon=True)
        self.thread.start()

    def wake(self):
        self.event.set()

    def _run(self):
        while True:
            self.event.wait(timeout=30)
            self.event.clear()
            if not self.app.config.get("SEARCH_APPLY_AFTER_COMMIT"):
                continue  # switched off since it started (tests): the job process applies the outbox
            with self.app.app_context():
                try:
                    apply_outbox()
                except Exception:
                    log.exception("search writer failed; the outbox is kept and replayed")
                finally:
                    db.session.remove()


_WRITERS: dict[int, BackgroundWriter] = {}
_WRITERS_LOCK = threading.Lock()


def background_writer(app) -> BackgroundWriter:
    with _WRITERS_LOCK:
        bw = _WRITERS.get(id(app))
        if bw is None:
            bw = _WRITERS[id(app)] = BackgroundWriter(app)
        return bw


def index_documents(docs: list[SearchDocument], *, remove_keys: list[str] = ()) -> None:
    """Write documents straight into the index (tests, benchmarks, tools); records go through the outbox."""
    if pg.active():
        return pg_maintain().index_documents(docs, remove_keys)
    ensure_index()
    with writer_lock():
        w = open_index(index_path()).writer(timeout=30)
        try:
            for key in remove_keys:
                w.delete_by_term("key", key)
            now = time.time()
            for doc in docs:
                w.delete_by_term("id", doc.doc_id)
                w.add_document(**to_fields(doc, now))
            w.commit()
        except BaseException:
            w.cancel()
            raise
    holder().changed()


def remove_from_index(doc_id: str) -> None:
    """Delete one document from the index only (what `search check` must notice)."""
    if pg.active():
        return pg_maintain().remove(doc_id)
    with writer_lock():
        w = open_index(index_path()).writer(timeout=30)
        w.delete_by_term("id", doc_id)
        w.commit()
    holder().changed()


def pg_maintain():
    """The PostgreSQL engine's rebuild, check, apply and direct writes (CONCERTO_SEARCH_ENGINE)."""
    from .pg import maintain

    return maintain
