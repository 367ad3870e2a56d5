"""The follows jobs: derive events from the audit log and dates, notify followers, mail them."""
from __future__ import annotations

from datetime import datetime

from ..jobs import job
from . import services


@job("follows.events", "interval", minutes=10, description="Turn new changes into events and notify followers")
def events(now: datetime | None = None) -> int:
    made = services.derive_events(now)
    count = services.notify_followers(made)
    count += services.saved_search_matches(now)   # a saved search is a follow too
    services.send_immediate(now)
    return count


@job("follows.digests", "cron", hour=7, minute=5, description="Send daily and weekly digests of notifications")
def digests(now: datetime | None = None) -> int:
    return services.send_digests(now)
