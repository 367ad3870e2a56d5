"""The consultations feature's open datasets (portal/datasets.py): the public consultations with their
dates, feed and calendar, as a visitor sees them."""
from __future__ import annotations

from flask import url_for
from flask_login import AnonymousUserMixin

from ..datasets import Dataset, Distribution
from ..db import utcnow
from .queries import visible_consultations


def datasets() -> list[Dataset]:
    now = utcnow()
    seen = visible_consultations(AnonymousUserMixin())
    dates = [d for c in seen for d in (c.opens_at, c.wwh_published_at) if d is not None and d <= now]
    return [Dataset(
        "consultations", "Consultations publiques", "Public consultations",
        "Les consultations, leurs dates d’ouverture et de clôture, leurs questions et les contributions "
        "publiées avec consentement.",
        "Consultations, their opening and closing dates, their questions and the input published with consent.",
        url_for("consultations.index", _external=True), max(dates, default=None),
        ["consultations", "participation"],
        [Distribution("json", url_for("consultations_api.api_consultations", _external=True)),
         Distribution("atom", url_for("follows.consultations_feed", _external=True)),
         Distribution("ical", url_for("follows.public_calendar", _external=True))])]
