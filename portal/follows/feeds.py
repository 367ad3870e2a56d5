"""Atom feeds (RFC 4287) of public changes, built with `feedgen`: the site's "what changed", a plan, the
consultations, a province or territory. Only events the public may see; dates, never who did it."""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import request, url_for

from ..i18n import _, current_lang
from .queries import Item


def _link(item: Item) -> str:
    args = {k: v for k, v in item.ref.url_args.items() if not k.startswith("_")}
    return url_for(item.ref.endpoint, _external=True, **args)


def render(title: str, items: list[Item], page_url: str) -> bytes:
    fg = FeedGenerator()
    self_url = request.url
    fg.id(self_url)
    fg.title(title)
    fg.subtitle(_("Public changes in Concerto"))
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.language(current_lang())
    fg.author({"name": "Concerto"})
    fg.updated(max((i.event.at for i in items), default=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    for item in reversed(items):  # feedgen puts the last added first
        entry = fg.add_entry()
        host = request.host.split(":")[0]
        entry.id(f"tag:{host},2026:concerto/event/{item.event.id}")
        entry.title(f"{item.kind_label}: {item.ref.title}")
        entry.link(href=_link(item), rel="alternate", type="text/html")
        entry.updated(item.event.at)
        entry.published(item.event.at)
        summary = item.kind_label + (f" ({item.event.on.isoformat()})" if item.event.on else "")
        entry.summary(summary)
        if item.ref.type_label:
            entry.category(term=item.event.kind, label=str(item.kind_label))
    return fg.atom_str(pretty=True)
