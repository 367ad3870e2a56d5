"""Weekly email of saved searches: what is new, among what each person may see."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl

from flask import current_app, url_for
from sqlalchemy import select

from ..db import utcnow
from ..extensions import db
from ..i18n import force_locale, LOCALES
from ..jobs import claim
from ..mail import queue_mail
from .engine import SearchParams
from .labels import type_label
from .models import SavedSearch


def _params(saved: SavedSearch, since: int) -> SearchParams:
    from .views import FACET_PARAMS

    args = dict(parse_qsl(saved.filters or ""))
    filters = {FACET_PARAMS[k]: v for k, v in args.items() if k in FACET_PARAMS and v}
    return SearchParams(q=saved.query, lang=saved.lang, filters=filters, per_page=20, facets=False,
                        suggest=False, highlights=False, sort="recent", since=since)


def send_saved_search_alerts(now: datetime | None = None) -> int:
    """One email per saved search with new matches; a claim per search and ISO week makes reruns harmless."""
    from .views import run_search

    now = now or utcnow()
    year, week, _day = now.isocalendar()
    sent = 0
    for saved in db.session.scalars(select(SavedSearch).where(SavedSearch.weekly.is_(True)).order_by(SavedSearch.id)):
        user = saved.user
        if user is None or not user.active:
            continue
        since_dt = saved.last_sent_at or saved.created_at
        if not claim(f"search.saved:{saved.id}:{year}-W{week:02d}"):
            continue
        result = run_search(_params(saved, int(since_dt.timestamp())), user=user)
        saved.last_sent_at = now
        if not result.hits:
            continue
        base = current_app.config["SERVER_BASE_URL"]
        with current_app.test_request_context(base_url=base), force_locale(LOCALES.get(saved.lang, "fr_CA")):
            hits = []
            for h in result.hits:
                try:
                    url = url_for(h.endpoint, lang=saved.lang, _external=True, **h.url_args)
                except Exception:
                    url = None
                hits.append({"title": h.title, "type": h.type, "url": url})
            search_url = url_for("search.index", lang=saved.lang, q=saved.query, _external=True)
            saved_url = url_for("search.saved", lang=saved.lang, _external=True)
        queue_mail(user.email, "search/saved_search", lang=saved.lang, saved=saved, hits=hits,
                   search_url=search_url, saved_url=saved_url, type_label=type_label)
        sent += 1
    db.session.flush()
    return sent
