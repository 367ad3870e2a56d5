"""Search's job: apply the outbox every few seconds, rebuilding a missing or corrupt index."""
from __future__ import annotations

import logging

from ..jobs import job

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
