"""A form sent after the idle sign-out never answers 500 nor an English page under /fr/: it asks to sign in
again and leads back to the form (where the browser fills the text in again); the error pages that keep a
draft say so; and if even the error page fails, the answer is in both languages."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest
from sqlalchemy import update

from portal import errors
from portal.auth.models import UserSession
from portal.db import utcnow
from portal.extensions import db


def _expire():
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.session.commit()


@pytest.mark.parametrize("lang, flash", [("fr", "Votre session a pris fin"), ("en", "Your session ended")])
def test_a_form_sent_after_the_session_ended_leads_to_sign_in_and_back_to_the_form(client, make, login_as,
                                                                                   lang, flash):
    login_as(make.user("secretariat"))
    _expire()
    form = ("/fr/recherche/lecons/nouveau" if lang == "fr" else "/en/search/lessons/new")
    resp = client.post(form, data={"title_fr": "Titre", "context_fr": "Texte"},
                       headers={"Referer": f"http://localhost{form}"})
    assert resp.status_code == 302
    assert unquote(resp.location) == (f"/fr/connexion?next={form}" if lang == "fr" else f"/en/login?next={form}")
    page = client.get(resp.location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'<html lang="{lang}">' in html and flash in html
    assert "data-keep-drafts" in html                     # the draft waits on the sign-in page


def test_an_action_sent_after_the_session_ended_comes_back_to_the_page_it_was_on(client, make, login_as):
    login_as(make.user("ngo_member"))
    _expire()
    resp = client.post("/fr/recherche/sauvegardees/1/supprimer", headers={"Referer": "http://localhost/fr/recherche/sauvegardees"})
    assert unquote(resp.location) == "/fr/connexion?next=/fr/recherche/sauvegardees"     # not the POST-only address
    other_site = client.post("/fr/recherche/sauvegardees/1/supprimer", headers={"Referer": "https://evil.example/x"})
    assert "evil" not in unquote(other_site.location)


def test_an_expired_form_token_keeps_the_draft_and_offers_the_way_back(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        resp = client.post("/fr/recherche/sauvegardees", data={"q": "x"}, headers={"Referer": "http://localhost/fr/recherche"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and '<html lang="fr">' in html
    assert "data-keep-drafts" in html and 'href="/fr/recherche"' in html and "Revenir au formulaire" in html


def test_when_even_the_error_page_fails_the_answer_is_in_both_languages(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the view failed")

    def no_template(*args, **kwargs):
        raise RuntimeError("the error page failed too")

    monkeypatch.setitem(app.view_functions, "core.privacy", broken)
    monkeypatch.setattr(errors, "render_template", no_template)
    resp = client.get("/fr/confidentialite")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Une erreur s'est produite" in html and "Something went wrong" in html
    assert "the view failed" not in html
