"""Saved searches: saved from the search page, listed and deleted by their owner, followed like a plan."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.lessons.models import SavedSearch
from portal.mail import OutgoingMail


def test_a_saved_search_is_a_follow_new_results_notify_within_permissions(app, client, login_as, make, apply):
    """New results of a saved search become notifications (the portal's list, then the digest at the person's
    rhythm), only among what the person may see, once each, and never in the public "what changed"."""
    from flask import url_for

    from portal.follows import services as follows
    from portal.follows.models import Notification

    member = make.user("ngo_member", lang="en", email="saver@example.test")
    login_as(member)
    resp = client.post("/en/search/saved", data={"q": "hotline", "filters": "type=lesson"})
    assert resp.status_code == 303
    saved = db.session.scalar(select(SavedSearch))
    saved.created_at = utcnow() - timedelta(days=7)
    db.session.commit()
    public = make.lesson(title_en="A national hotline", visibility="public")
    make.lesson(title_en="Hotline secret plans", visibility="secretariat")
    apply()
    assert make.follows_job() == 1
    assert make.follows_job() == 0                                    # nothing new: nothing more
    with app.test_request_context():
        notifications, activity = url_for("follows.notifications", lang="en"), url_for("follows.activity", lang="en")
    page = client.get(notifications).get_data(as_text=True)
    assert "A national hotline" in page and "New result for your saved search" in page
    assert "secret plans" not in page.lower()
    # a later result: one more notification
    make.lesson(title_en="Hotline for farm workers", visibility="public")
    apply()
    assert make.follows_job() == 1
    # mailed in the weekly digest (the default rhythm), with only what may be seen when it is sent
    public.visibility = "secretariat"   # made confidential since: no longer named anywhere
    db.session.commit()
    apply()
    monday = utcnow() + timedelta(days=7 - utcnow().weekday())
    assert follows.send_digests(monday.replace(hour=13, minute=0)) == 1
    db.session.commit()
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == member.email))
    assert "Hotline for farm workers" in mail.body_text and "New result for your saved search" in mail.body_text
    assert "A national hotline" not in mail.body_text and "secret plans" not in mail.body_text.lower()
    assert "A national hotline" not in client.get(notifications).get_data(as_text=True)
    assert db.session.query(Notification).filter_by(user_id=member.id).count() == 2
    # personal: never on the public "what changed" page
    assert "farm workers" not in app.test_client().get(activity).get_data(as_text=True)


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


def test_a_saved_search_alert_to_someone_whose_language_is_unknown_is_in_both(app, client, login_as, make, apply):
    """Each half in its own language and links; a result titled in English only says so in the French half."""
    from portal.follows import services as follows
    from portal.lessons import services as lessons

    member = make.user("ngo_member", lang=None, email="unknown@example.test")
    login_as(member)
    assert client.post("/en/search/saved", data={"q": "hotline", "filters": "type=lesson"}).status_code == 303
    saved = db.session.scalar(select(SavedSearch))
    saved.created_at = utcnow() - timedelta(days=7)
    db.session.commit()
    make.lesson(title_fr="Une ligne d'écoute nationale (hotline)", title_en="A national hotline")
    english_only = make.lesson(title_fr="", title_en="Hotline for farm workers", reviewed=False)
    lessons.publish_lesson(english_only, actor=make.user("secretariat"), one_language=True)
    db.session.commit()
    apply()
    assert make.follows_job() == 2
    monday = utcnow() + timedelta(days=7 - utcnow().weekday())
    assert follows.send_digests(monday.replace(hour=13, minute=0)) == 1
    db.session.commit()
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == member.email))
    french, english = mail.body_text.split("[English]")
    assert "[Français]" in french and "Nouveau résultat" in french and "/fr/" in french and "/en/" not in french
    assert "Une ligne d'écoute nationale" in french
    assert "Hotline for farm workers (Disponible en anglais seulement)" in french
    assert "New result for your saved search" in english and "/en/" in english and "/fr/" not in english
    assert "A national hotline" in english and "Hotline for farm workers" in english and "seulement" not in english
