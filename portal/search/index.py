"""Where the index lives and how it is opened: one long-lived searcher per process, refreshed on change.

The index directory is CONCERTO_DATA_DIR/search, a symlink to a generation directory (search-<stamp>) so
that `concerto search rebuild` can build a new generation beside the old one and swap it in atomically.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import threading
import time
import warnings
from collections import OrderedDict
from datetime import date
from pathlib import Path

from filelock import FileLock
from flask import current_app
from whoosh import index as whoosh_index

from .analysis import plain_analyzer
from .documents import SearchDocument
from .schema import SPELL_FIELDS, build_schema

log = logging.getLogger(__name__)
REFRESH_EVERY = 0.25  # seconds between checks that the index changed on disk


class SearchUnavailable(RuntimeError):
    """The index is missing or unreadable; search says so and the rest of the portal keeps working."""


def data_dir(app=None) -> Path:
    return Path((app or current_app).config["CONCERTO_DATA_DIR"])


def index_path(app=None) -> Path:
    return data_dir(app) / "search"


def writer_lock(app=None) -> FileLock:
    """One writer at a time across processes (outbox writer, rebuild)."""
    return FileLock(str(data_dir(app) / "search-writer.lock"))


def open_index(path: Path):
    if not path.exists():
        raise SearchUnavailable(f"no index at {path}")
    error = None
    # Whoosh leaves the file it failed to read open; it is closed here, without a ResourceWarning later.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return whoosh_index.open_dir(str(path), schema=build_schema())
        except Exception as exc:  # EmptyIndexError, a truncated TOC, unreadable segments...
            error = f"cannot open the index at {path}: {exc}"
        gc.collect()
    raise SearchUnavailable(error)


def create_index(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), build_schema())


def new_generation_dir(app=None) -> Path:
    return data_dir(app) / f"search-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"


def swap_in(generation: Path, app=None) -> Path | None:
    """Point CONCERTO_DATA_DIR/search at `generation` atomically; return the old generation directory."""
    link = index_path(app)
    old = None
    if link.is_symlink():
        old = Path(os.path.realpath(link))
    elif link.exists():  # a plain directory (older layout): move it aside first
        old = link.with_name(f"search-old-{time.monotonic_ns()}")
        link.rename(old)
    tmp = link.with_name(f".search-link-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(generation.name)
    os.replace(tmp, link)
    return old


def ensure_index(app=None) -> None:
    """Create an empty index when there is none (a new installation)."""
    if not index_path(app).exists():
        gen = new_generation_dir(app)
        create_index(gen)
        swap_in(gen, app)


class IndexHolder:
    """The process's long-lived searcher and its caches (permission filters, facet doc sets)."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        self._searcher = None
        self._realpath = None
        self._checked = 0.0
        self._cache: dict = {}
        self._query_cache: OrderedDict = OrderedDict()
        self._query_cache_owner = None
        self._query_cache_size = 0
        self._segment_cache: OrderedDict = OrderedDict()
        self._segment_cache_size = 0
        self._retired: list = []   # (when, searcher): closed a while later, once no request can use them

    def _retire(self, searcher) -> None:
        now = time.monotonic()
        if searcher is not None:
            self._retired.append((now, searcher))
        keep = []
        for when, old in self._retired:
            if now - when > 30:
                try:
                    old.close()
                except Exception:
                    pass
            else:
                keep.append((when, old))
        self._retired = keep

    def close_all(self) -> None:
        with self.lock:
            for _when, old in self._retired:
                old.close()
            self._retired = []
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._cache = {}

    def searcher(self):
        with self.lock:
            now = time.monotonic()
            if self._searcher is not None and now - self._checked < REFRESH_EVERY:
                return self._searcher
            self._checked = now
            real = os.path.realpath(self.path)
            try:
                if self._searcher is None or real != self._realpath:
                    self._retire(self._searcher)
                    self._searcher = None
                    self._searcher = open_index(self.path).searcher()
                    self._realpath = real
                    self._cache = {}
                elif not self._searcher.up_to_date():
                    # Searcher.refresh() fails in whoosh-reloaded 2.7.5 when the old reader has one
                    # segment (reuse.segments() is None): open a new searcher, only when the index changed.
                    self._retire(self._searcher)
                    self._searcher = open_index(self.path).searcher()
                    self._cache = {}
            except SearchUnavailable:
                self._retire(self._searcher)
                self._searcher = None
                raise
            except Exception as exc:
                self._retire(self._searcher)
                self._searcher = None
                raise SearchUnavailable(str(exc)) from exc
            return self._searcher

    def cached(self, searcher, key, compute):
        """A value computed once per searcher generation (doc sets of filters and facet values)."""
        cache = self._cache
        if cache.get("_searcher") is not searcher:
            cache.clear()
            cache["_searcher"] = searcher
        value = cache.get(key)
        if value is None:
            value = cache[key] = compute()
        return value

    def cached_query(self, searcher, key, compute, budget: int = 3_000_000):
        """Doc sets and term frequencies of query parts, per searcher generation, least recently used
        out first, bounded by the total number of entries they hold (not by how many there are)."""
        key = repr(key)
        with self.lock:
            if self._query_cache_owner is not searcher:
                self._query_cache = OrderedDict()
                self._query_cache_size = 0
                self._query_cache_owner = searcher
            value = self._query_cache.get(key)
            if value is not None:
                self._query_cache.move_to_end(key)
                return value
        value = compute()
        with self.lock:
            if self._query_cache_owner is searcher and key not in self._query_cache:
                self._query_cache[key] = value
                self._query_cache_size += len(value) + 1
                while self._query_cache_size > budget and len(self._query_cache) > 1:
                    _k, old = self._query_cache.popitem(last=False)
                    self._query_cache_size -= len(old) + 1
        return value

    def segment_get(self, key):
        with self.lock:
            value = self._segment_cache.get(key)
            if value is not None:
                self._segment_cache.move_to_end(key)
            return value

    def segment_put(self, key, value, budget: int = 4_000_000) -> None:
        with self.lock:
            if key in self._segment_cache:
                return
            self._segment_cache[key] = value
            self._segment_cache_size += len(value) + 1
            while self._segment_cache_size > budget and len(self._segment_cache) > 1:
                _k, old = self._segment_cache.popitem(last=False)
                self._segment_cache_size -= len(old) + 1

    def changed(self):
        """This process just committed to the index: check for a new generation on the next search."""
        self._checked = 0.0

    def reset(self):
        with self.lock:
            self._retire(self._searcher)
            self._searcher = None
            self._cache = {}


_HOLDERS: dict[str, IndexHolder] = {}
_HOLDERS_LOCK = threading.Lock()


def holder(app=None) -> IndexHolder:
    path = str(index_path(app))
    with _HOLDERS_LOCK:
        h = _HOLDERS.get(path)
        if h is None:
            h = _HOLDERS[path] = IndexHolder(Path(path))
        return h


# ---- per-segment caches: segments never change (a deletion changes the live count), so what was
# computed for a segment survives commits; after a commit only new segments are computed.

def _leaves(searcher):
    out = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        try:
            segid = reader.segment().segment_id()
        except Exception:
            segid = None
        out.append((sub, offset, segid, reader.doc_count()))
    return out


def _per_segment(h: IndexHolder, searcher, key, compute_leaf) -> list[tuple[int, object]]:
    parts = []
    for sub, offset, segid, live in _leaves(searcher):
        ck = repr((segid, live, key)) if segid else None
        value = h.segment_get(ck) if ck else None
        if value is None:
            value = compute_leaf(sub)
            if ck:
                h.segment_put(ck, value)
        parts.append((offset, value))
    return parts


def segment_docs(h: IndexHolder, searcher, query) -> set[int]:
    """Live documents matching a query, from per-segment results."""
    parts = _per_segment(h, searcher, ("docs", repr(query)), lambda sub: set(sub.docs_for_query(query)))
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    out: set[int] = set()
    for offset, docs in parts:
        out.update(d + offset for d in docs) if offset else out.update(docs)
    return out


def _leaf_tf(sub, field: str, text: str) -> dict[int, float]:
    reader = sub.reader()
    out: dict[int, float] = {}
    if (field, text) not in reader:
        return out
    m = reader.postings(field, text)
    try:
        while m.is_active():  # block by block: arrays of ids and weights, no per-posting method calls
            m._read_ids()
            m._read_weights()
            out.update(zip(m._ids, m._weights))
            m._next_block()
    except AttributeError:  # another codec: the plain (slower) way
        m = reader.postings(field, text)
        while m.is_active():
            out[m.id()] = m.weight()
            m.next()
    return out


def segment_tf(h: IndexHolder, searcher, field: str, text: str) -> dict[int, float]:
    """doc number -> frequency of a term (deleted documents may be in it: callers look up live ones)."""
    parts = _per_segment(h, searcher, ("tf", field, text), lambda sub: _leaf_tf(sub, field, text))
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    out: dict[int, float] = {}
    for offset, tf in parts:
        out.update({d + offset: w for d, w in tf.items()}) if offset else out.update(tf)
    return out


# ---- SearchDocument -> index fields

_plain = None


def spell_words(doc: SearchDocument) -> str:
    global _plain
    if _plain is None:
        _plain = plain_analyzer()
    text = " ".join((doc.title_fr, doc.title_en, doc.body_fr, doc.body_en))
    return " ".join(sorted({t.text for t in _plain(text)}))


def doc_hash(doc: SearchDocument) -> str:
    payload = json.dumps([doc.doc_id, doc.endpoint, doc.url_args, doc.title_fr, doc.title_en, doc.body_fr,
                          doc.body_en, doc.visibility, sorted(doc.owner_org_ids), sorted(doc.jurisdictions),
                          doc.pillar, doc.date.isoformat() if doc.date else None, doc.stakeholder_category],
                         sort_keys=True, default=str)
    return hashlib.sha1(payload.encode()).hexdigest()


def to_fields(doc: SearchDocument, now: float | None = None) -> dict:
    d: date | None = doc.date
    fields = dict(
        id=doc.doc_id, key=doc.key, type=doc.doc_type, obj_id=doc.obj_id, endpoint=doc.endpoint,
        url_args=json.dumps(doc.url_args, sort_keys=True, default=str),
        title_fr=doc.title_fr or "", body_fr=doc.body_fr or "", title_en=doc.title_en or "",
        body_en=doc.body_en or "", langs=",".join(doc.languages),
        bigrams_fr=f"{doc.title_fr or ''}\n\n{doc.body_fr or ''}", bigrams_en=f"{doc.title_en or ''}\n\n{doc.body_en or ''}", pillar=doc.pillar or "",
        jurisdictions=",".join(sorted(doc.jurisdictions)), year=str(d.year) if d else "",
        date=d.toordinal() if d else 0, stakeholder=doc.stakeholder_category or "",
        visibility=doc.visibility, owner_orgs=",".join(str(i) for i in sorted(doc.owner_org_ids)),
        indexed_at=int(now if now is not None else time.time()), hash=doc_hash(doc),
    )
    fields[SPELL_FIELDS.get(doc.visibility, SPELL_FIELDS["secretariat"])] = spell_words(doc)
    return fields
