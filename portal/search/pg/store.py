"""Writing the PostgreSQL engine's documents, in the transaction of the change they describe.

Features' changes write search outbox rows on flush (portal/search/outbox.py). On PostgreSQL, just before
the transaction commits, the rows this transaction can take are turned into documents and deleted, so a
change is searchable when it commits and the index is in every backup of the database. Rows left by an
earlier engine or a crash are taken by the next commit that touches search, or by `concerto search apply`.
"""
from __future__ import annotations

import json
import logging
import time

from sqlalchemy import bindparam, event, text
from sqlalchemy.orm import Session

from . import active
from ..documents import PROVIDERS, SearchDocument
from ..index import doc_hash

log = logging.getLogger(__name__)
MAX_ROUNDS = 5            # after-apply hooks may change records, which queues more rows
DRAIN_BATCH = 2000

# The analysis of a document, shared by the row-by-row writes (bind parameters, `:title_fr`) and the
# from-scratch build (columns of a staging table, `s.title_fr`; maintain.py): one definition, one result.
TSV_OF = ("setweight(to_tsvector('concerto_{l}', {p}title_{l}), 'A') || "
          "setweight(to_tsvector('concerto_{l}', {p}body_{l}), 'D')")
# The words "did you mean" may offer: every word of the four texts, unaccented and unstemmed.
WORDS_OF = "unnest(tsvector_to_array(to_tsvector('concerto_words', {text}))) AS w"
WORD_OK = "length(w) BETWEEN 4 AND 60 AND w ~ '^[[:alpha:]]+$'"
_TSV = TSV_OF.replace("{p}", ":")
INSERT = text(
    "INSERT INTO search_entries (doc_id, key, doc_type, obj_id, endpoint, url_args, title_fr, title_en, body_fr,"
    " body_en, langs, pillar, jurisdictions, year, date, stakeholder, visibility, owner_orgs, indexed_at, hash,"
    " tsv_fr, tsv_en) VALUES (:doc_id, :key, :doc_type, :obj_id, :endpoint, :url_args, :title_fr, :title_en,"
    " :body_fr, :body_en, :langs, :pillar, :jurisdictions, :year, :date, :stakeholder, :visibility, :owner_orgs,"
    f" :indexed_at, :hash, {_TSV.format(l='fr')}, {_TSV.format(l='en')})"
    " ON CONFLICT (doc_id) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in (
        "key", "doc_type", "obj_id", "endpoint", "url_args", "title_fr", "title_en", "body_fr", "body_en", "langs",
        "pillar", "jurisdictions", "year", "date", "stakeholder", "visibility", "owner_orgs", "indexed_at", "hash",
        "tsv_fr", "tsv_en")))
WORDS = text(
    "INSERT INTO search_words (level, word) SELECT DISTINCT x.level, w"
    " FROM unnest(CAST(:levels AS text[]), CAST(:texts AS text[])) AS x(level, t),"
    f" {WORDS_OF.format(text='x.t')} WHERE {WORD_OK} ON CONFLICT DO NOTHING")
DELETE_KEYS = text("DELETE FROM search_entries WHERE key IN :keys RETURNING doc_id, hash, indexed_at"
                   ).bindparams(bindparam("keys", expanding=True))
DRAIN = text("DELETE FROM search_outbox WHERE id IN (SELECT id FROM search_outbox ORDER BY id"
             " LIMIT :n FOR UPDATE SKIP LOCKED) RETURNING id, doc_type, obj_id, op")


TEXT_OF = "{t}.title_fr || ' ' || {t}.title_en || ' ' || {t}.body_fr || ' ' || {t}.body_en"
_TEXT = TEXT_OF.format(t="e")
WORDS_OF_KEYS = text(
    f"SELECT DISTINCT e.visibility AS level, w AS word FROM search_entries e,"
    f" {WORDS_OF.format(text=_TEXT)} WHERE e.key IN :keys"
).bindparams(bindparam("keys", expanding=True))
PRUNE_WORDS = text(
    "WITH gone AS (SELECT DISTINCT level, word FROM unnest(CAST(:levels AS text[]), CAST(:words AS text[]))"
    " AS g(level, word)),"
    f" kept AS (SELECT DISTINCT e.visibility AS level, w AS word FROM search_entries e,"
    f" {WORDS_OF.format(text=_TEXT)}"
    " WHERE e.visibility IN (SELECT level FROM gone))"
    " DELETE FROM search_words sw USING gone WHERE sw.level = gone.level AND sw.word = gone.word"
    " AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.level = sw.level AND kept.word = sw.word)")


def prune_words(conn, gone: list) -> None:
    """After a purge (portal.erasure), the words of the purged documents that no document of their level
    still holds are no longer offered as corrections: "did you mean" must not recall erased text."""
    if gone:
        conn.execute(PRUNE_WORDS, {"levels": [g.level for g in gone], "words": [g.word for g in gone]})


def row(doc: SearchDocument, indexed_at: float) -> dict:
    d = doc.date
    return dict(
        doc_id=doc.doc_id, key=doc.key, doc_type=doc.doc_type, obj_id=doc.obj_id, endpoint=doc.endpoint,
        url_args=json.dumps(doc.url_args, sort_keys=True, default=str), title_fr=doc.title_fr or "",
        title_en=doc.title_en or "", body_fr=doc.body_fr or "", body_en=doc.body_en or "",
        langs=",".join(doc.languages), pillar=doc.pillar or "", jurisdictions=",".join(sorted(doc.jurisdictions)),
        year=str(d.year) if d else "", date=d, stakeholder=doc.stakeholder_category or "",
        visibility=doc.visibility, owner_orgs="".join(f",{i}" for i in sorted(doc.owner_org_ids)) + ",",
        indexed_at=indexed_at, hash=doc_hash(doc))


def write(conn, docs: list[SearchDocument], remove_keys=(), now: float | None = None, previous: dict | None = None,
          by_object: bool = True) -> int:
    """Replace every document of the objects in `docs` (by_object) and of `remove_keys` by `docs`. A
    document whose content did not change keeps its date of indexing (saved-search alerts rely on it)."""
    now = time.time() if now is None else now
    keys = sorted(({d.key for d in docs} if by_object else set()) | set(remove_keys))
    previous = dict(previous or {})
    if keys:
        previous.update({r.doc_id: (r.hash, r.indexed_at) for r in conn.execute(DELETE_KEYS, {"keys": keys})})
    rows = []
    for doc in {d.doc_id: d for d in docs}.values():
        r = row(doc, now)
        old = previous.get(doc.doc_id)
        if old and old[0] == r["hash"] and old[1]:
            r["indexed_at"] = old[1]
        rows.append(r)
    if rows:
        conn.execute(INSERT, rows)
        conn.execute(WORDS, {"levels": [r["visibility"] for r in rows], "texts": [" ".join(
            (r["title_fr"], r["title_en"], r["body_fr"], r["body_en"])) for r in rows]})
    return len(rows)


def documents_for(session: Session, doc_type: str, obj_id: int) -> list[SearchDocument]:
    provider = PROVIDERS.get(doc_type)
    obj = session.get(provider.model, obj_id) if provider is not None else None
    if obj is None:
        return []
    return [d for d in provider.documents(obj) if d is not None]


def apply_pending(session: Session) -> int:
    """Turn the outbox rows this transaction can take into documents; returns how many records."""
    from ..documents import AFTER_APPLY_HOOKS

    applied = 0
    for _round in range(MAX_ROUNDS):
        session.flush()
        rows = session.execute(DRAIN, {"n": DRAIN_BATCH}).all()
        if not rows:
            break
        latest: dict[tuple[str, int], str] = {}
        for r in rows:
            latest[(r.doc_type, r.obj_id)] = r.op
        docs, keys = [], []
        for (doc_type, obj_id), op in latest.items():
            keys.append(f"{doc_type}:{obj_id}")
            if op != "delete":
                docs.extend(documents_for(session, doc_type, obj_id))
        purged = sorted({f"{r.doc_type}:{r.obj_id}" for r in rows if r.op == "purge"})
        gone = session.execute(WORDS_OF_KEYS, {"keys": purged}).all() if purged else []
        write(session.connection(), docs, remove_keys=keys)
        prune_words(session.connection(), gone)
        for hook in AFTER_APPLY_HOOKS:
            hook(list(latest))
        applied += len(latest)
    return applied


@event.listens_for(Session, "before_commit")
def _index_before_commit(session: Session) -> None:
    if not (session.info.get("search_pending") or session.new or session.dirty or session.deleted):
        return
    if not active():
        return
    session.flush()
    if session.info.get("search_pending"):
        apply_pending(session)
