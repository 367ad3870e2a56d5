"""Search's jobs: apply the outbox every few seconds, rebuilding a missing or corrupt index; compare the index
with the database every hour and repair (and log) any drift."""
from __future__ import annotations

import logging

from ..jobs import job
from .outbox import enqueue
from .writer import Drift

log = logging.getLogger(__name__)


@job("search.apply_outbox", "interval", seconds=3, description="Apply the search outbox; rebuild a broken index.")
def apply_outbox_job():
    from .index import SearchUnavailable
    from .writer import apply_outbox, index_is_healthy, rebuild

    if not index_is_healthy():
        log.warning("search index missing or unreadable: rebuilding it")
        count, seconds = rebuild()
        return f"rebuilt ({count} documents, {seconds:.1f} s)"
    try:
        return apply_outbox()
    except SearchUnavailable:
        count, seconds = rebuild()
        return f"rebuilt ({count} documents, {seconds:.1f} s)"


def repair(drift: Drift) -> int:
    """Queue every drifted object for re-indexing (upsert re-reads it, or removes it when it is gone);
    the outbox applies them. Returns how many objects were queued."""
    keys = set()
    for doc_id in drift.missing + drift.stale + drift.extra:
        doc_type, _, rest = doc_id.partition(":")
        obj_id = rest.split(":", 1)[0]
        if obj_id.isascii() and obj_id.isdigit():
            keys.add((doc_type, int(obj_id)))
    for doc_type, obj_id in sorted(keys):
        enqueue(doc_type, obj_id)
    return len(keys)


@job("search.check", "interval", hours=1, description="Compare the index with the database; repair and log any drift.")
def check_job():
    from .writer import check

    drift = check()
    if drift.ok:
        return "no drift"
    queued = repair(drift)
    log.warning("search drift repaired: %d missing, %d extra, %d stale; %d objects queued for re-indexing "
                "(first: %s)", len(drift.missing), len(drift.extra), len(drift.stale), queued,
                ", ".join((drift.missing + drift.extra + drift.stale)[:5]))
    return f"repaired {queued}"


@job("search.file_text_backfill", "interval", hours=1,
     description="Once: read the text of files stored before text extraction, and re-index their records.")
def file_text_backfill_job():
    from ..jobs import claim
    from .backfill import backfill_file_text

    if not claim("search:file-text-backfill"):
        return "already done"
    r = backfill_file_text()
    return f"{r.read} files read, {r.failed} unreadable, {r.reindexed} records queued"
