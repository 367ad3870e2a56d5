"""What the public learns about input stays coarse: the day it was sent (never the time to the microsecond),
and a visitor cannot leave drafts nobody can reach."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.consultations.models import Submission
from portal.extensions import db

from .helpers import answer_fields, form_token


def test_public_dates_of_input_are_days(make, client):
    c = make.consultation()
    sub, _code = make.submission(c, "publish_anonymous", text="Une réponse publiée.", publish=True)
    data = client.get(f"/api/v1/consultations/{c.slug}/submissions").get_json()
    assert [s["submitted_at"] for s in data["submissions"]] == [sub.submitted_at.date().isoformat()]
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert not re.search(r"\d{1,2}:\d{2}", page.split("<main", 1)[-1])


def test_a_visitor_cannot_save_a_draft(make, client):
    c = make.consultation()
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    data = {"token": form_token(html), "consent": "secretariat_only", "language": "en",
            **answer_fields(c, text="Mon brouillon")}
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=dict(data, save_draft="1"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Only a signed-in person can save a draft" in page and "Mon brouillon" in page
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
