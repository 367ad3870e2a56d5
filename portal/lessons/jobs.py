"""The weekly email of saved searches: what is new, among what each person may see.

It belongs to saved searches (their pages, their table) and asks search for the results, as the person would."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qsl

from flask import current_app, url_for
from werkzeug.routing import BuildError

from ..db import utcnow
from ..extensions import db
from ..i18n import LOCALES, force_locale
from ..jobs import claim, job
from ..mail import link_lang, queue_mail
from ..search.engine import SearchParams
from ..search.forms import SearchForm
from ..search.labels import type_label
from ..search.queries import run_search
from .models import SavedSearch
from .queries import weekly_saved_searches


def _params(saved: SavedSearch, since: int) -> SearchParams:
    """The saved query and filters, most recent first, only what was (re)indexed after `since`."""
    params = SearchForm(dict(parse_qsl(saved.filters or ""))).to_input(saved.lang)
    return replace(params, q=saved.query, page=1, per_page=20, facets=False, suggest=False, highlights=False,
                   sort="recent", since=since)


def _mail(saved: SavedSearch, hits) -> None:
    """In the person's mail language (both when unknown); the query stays as it was typed."""
    lang = link_lang(saved.user.preferred_lang)
    with current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"]), \
            force_locale(LOCALES[lang]):
        rows = []
        for h in hits:
            try:
                url = url_for(h.endpoint, lang=lang, _external=True, **h.url_args)
            except BuildError:  # a record whose page is gone since it was indexed
                url = None
            rows.append({"title": h.title, "type": h.type, "url": url})
        search_url = url_for("search.index", lang=lang, q=saved.query, _external=True)
        saved_url = url_for("lessons.saved", lang=lang, _external=True)
    queue_mail(saved.user.email, "lessons/saved_search", lang=saved.user.preferred_lang, saved=saved, hits=rows,
               search_url=search_url, saved_url=saved_url, type_label=type_label)


def send_saved_search_alerts(now: datetime | None = None) -> int:
    """One email per saved search with new matches; a claim per search and ISO week makes reruns harmless."""
    now = now or utcnow()
    year, week, _day = now.isocalendar()
    sent = 0
    for saved in weekly_saved_searches():
        user = saved.user
        if user is None or not user.active:
            continue
        since = saved.last_sent_at or saved.created_at
        if not claim(f"search.saved:{saved.id}:{year}-W{week:02d}"):  # the key kept from before the move
            continue
        result = run_search(_params(saved, int(since.timestamp())), user)
        saved.last_sent_at = now
        if result.hits:
            _mail(saved, result.hits)
            sent += 1
    db.session.flush()
    return sent


@job("lessons.saved_searches", "cron", day_of_week="mon", hour=7, minute=0,
     description="Weekly email of new matches of saved searches.")
def saved_searches_job():
    return send_saved_search_alerts()
