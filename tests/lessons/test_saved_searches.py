"""Saved searches: saved from the search page, listed and deleted by their owner, mailed weekly."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.lessons.jobs import send_saved_search_alerts
from portal.lessons.models import SavedSearch
from portal.mail import OutgoingMail


def test_saved_search_weekly_email_is_idempotent_and_respects_permissions(client, login_as, make, apply):
    member = make.user("ngo_member", lang="en")
    login_as(member)
    resp = client.post("/en/search/saved", data={"q": "hotline", "filters": "type=lesson"})
    assert resp.status_code == 303
    saved = db.session.scalar(select(SavedSearch))
    saved.created_at = utcnow() - timedelta(days=7)
    make.lesson(title_en="A national hotline", visibility="public")
    make.lesson(title_en="Hotline secret plans", visibility="secretariat")
    apply()
    assert send_saved_search_alerts() == 1
    assert send_saved_search_alerts() == 0  # same week: claimed
    mails = db.session.scalars(select(OutgoingMail)).all()
    assert len(mails) == 1 and "A national hotline" in mails[0].body_text
    assert "secret" not in mails[0].body_text.lower()
    assert mails[0].subject.startswith("New results for your saved search")
    assert "/en/search/lessons/" in mails[0].body_text and "/en/search/saved" in mails[0].body_text


def test_a_search_without_words_is_not_saved_and_only_its_owner_deletes_one(app, client, login_as, make):
    owner = make.user("ngo_member")
    login_as(owner)
    resp = client.post("/fr/recherche/sauvegardees", data={"q": "  ", "filters": ""}, follow_redirects=True)
    assert "Tapez ce que vous cherchez avant" in resp.get_data(as_text=True)  # on the search page
    assert db.session.scalar(select(SavedSearch)) is None
    client.post("/en/search/saved", data={"q": "refuges", "filters": "pillar=protection"})
    saved = db.session.scalar(select(SavedSearch))
    assert "refuges" in client.get("/en/search/saved").get_data(as_text=True)
    other = login_as(make.user("ngo_member"), app.test_client())
    assert "refuges" not in other.get("/en/search/saved").get_data(as_text=True)
    assert other.post(f"/en/search/saved/{saved.id}/delete").status_code == 404
    asked = client.post(f"/en/search/saved/{saved.id}/delete")
    assert asked.status_code == 200 and "Delete “refuges”?" in asked.get_data(as_text=True)
    assert db.session.scalar(select(SavedSearch)) is not None
    assert client.post(f"/en/search/saved/{saved.id}/delete", data={"confirmed": "yes"}).status_code == 303
    assert db.session.scalar(select(SavedSearch)) is None
