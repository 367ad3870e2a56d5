"""The text of files stored before text extraction existed (migration 0146 added `stored_files.text`).

`backfill_file_text` reads every stored file of a kind we index whose text was never read, keeps its text,
and re-indexes the record the file belongs to (the progress report, the submission, the roundtable: found
through the children registered with `reindex_parent`, so this module names no feature). It is idempotent:
a file whose text was read is never read again, and a second run changes nothing. A file whose text cannot
be read stays as it is; the failure is logged with the file's number, kind and size, never its content or
name. Run by `concerto search backfill-file-text` or once by the `search.file_text_backfill` job.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..files import StoredFile
from ..filetext import EXTRACTORS, extract_text
from .outbox import PARENTS, enqueue

log = logging.getLogger(__name__)

BATCH = 50


@dataclass
class BackfillResult:
    read: int = 0      # files whose text is now kept ("" for a file with no text)
    failed: int = 0    # files whose text could not be read (left as they were)
    reindexed: int = 0  # records queued for re-indexing


def _pending_ids(after: int) -> list[int]:
    return list(db.session.scalars(
        select(StoredFile.id).where(StoredFile.text.is_(None), StoredFile.kind.in_(sorted(EXTRACTORS)),
                                    StoredFile.id > after)
        .order_by(StoredFile.id).limit(BATCH)))


def _reindex_owners(file_ids: list[int]) -> int:
    """Queue the records whose documents hold these files' text (one outbox row each)."""
    owners = set()
    for model, parent_of in PARENTS.items():
        column = getattr(model, "file_id", None)
        if column is None:
            continue
        for child in db.session.scalars(select(model).where(column.in_(file_ids))):
            parent = parent_of(child)
            if parent is not None and parent[1] is not None:
                owners.add(parent)
    for doc_type, obj_id in sorted(owners):
        enqueue(doc_type, obj_id)
    return len(owners)


def backfill_file_text(after_batch=None) -> BackfillResult:
    """Read the text of every stored file that has none yet. `after_batch()` is called after each batch
    (the command line commits there, so a long run keeps what it did); the job commits once at the end."""
    result, last = BackfillResult(), 0
    while ids := _pending_ids(last):
        last = ids[-1]
        done, loaded = [], []
        for file_id in ids:
            stored = db.session.get(StoredFile, file_id)
            loaded.append(stored)
            text = extract_text(stored.kind, stored.content)
            if text is None:
                result.failed += 1
                log.warning("file text backfill: stored file %s (%s, %s bytes) could not be read",
                            stored.id, stored.kind, stored.size)
            else:
                stored.text = text
                done.append(file_id)
        db.session.flush()
        result.read += len(done)
        if done:
            result.reindexed += _reindex_owners(done)
        for stored in loaded:  # the files' bytes are not kept in memory from one batch to the next
            db.session.expunge(stored)
        if after_batch is not None:
            after_batch(result)
    return result
