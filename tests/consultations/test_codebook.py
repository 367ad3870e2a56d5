"""The code book: the secretariat edits a theme's bilingual label and description, retires it (never deletes
it: tags already given keep their meaning and still show it) and offers it again."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.consultations import services
from portal.consultations.models import Theme
from portal.extensions import db
from portal.rules import RuleError


@pytest.fixture
def book(make):
    c = make.consultation()
    theme = make.theme(c, "housing", "Logement", "Housing")
    sub, _ = make.submission(c, "do_not_publish", text="Il manque de logements sûrs.")
    services.tag(sub, services.TagInput(theme.id), None)
    db.session.commit()
    return c, theme, sub


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_secretariat_edits_label_and_description_in_both_languages(book, make, client, login_as):
    c, theme, _sub = book
    login_as(make.user("secretariat"))
    page = client.get(f"/en/consultations/{c.slug}/themes/{theme.id}/edit").get_data(as_text=True)
    assert 'value="Logement"' in page and "Description in French" in page
    resp = client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/edit", data={
        "label_fr": "Logement sûr", "label_en": "Safe housing",
        "description_fr": "Hébergement d'urgence et de transition.", "description_en": "Emergency and transitional."})
    assert resp.status_code == 303
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert (theme.label_fr, theme.label_en, theme.code) == ("Logement sûr", "Safe housing", "housing")
    assert theme.description_en == "Emergency and transitional."
    entry = _audit("consultation.theme_updated")[-1]
    assert entry.changes["label_en"] == ["Housing", "Safe housing"]
    fr = client.get(f"/fr/consultations/{c.slug}/themes").get_data(as_text=True)
    assert "Logement sûr" in fr and "Hébergement d&#39;urgence" in fr


def test_a_missing_label_is_refused_and_the_typed_values_are_kept(book, make, client, login_as):
    c, theme, _sub = book
    login_as(make.user("secretariat"))
    resp = client.post(f"/fr/consultations/{c.slug}/themes/{theme.id}/modifier", data={
        "label_fr": "", "label_en": "Safe housing", "description_fr": "Ma description tapée", "description_en": ""})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "error-summary" in page and "Ma description tapée" in page and 'value="Safe housing"' in page
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).label_en == "Housing"


def test_retired_theme_is_not_offered_but_still_shows_where_used(book, make, client, login_as):
    c, theme, sub = book
    login_as(make.user("secretariat"))
    assert client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/toggle").status_code == 303
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.active is False and len(sub.tags) == 1 and sub.tags[0].theme_id == theme.id
    assert _audit("consultation.theme_retired")[-1].changes == {"active": [True, False]}
    # Still shown on the submission it tags (marked retired) and in the code book with its count.
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Housing" in page and "Retired theme" in page and "Tag with a theme" not in page
    book_page = client.get(f"/fr/consultations/{c.slug}/themes").get_data(as_text=True)
    assert "Logement" in book_page and "Thème retiré" in book_page
    # Not offered for new tags, and refused if posted anyway.
    other = make.theme(c, "data", "Données", "Data")
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert f'<option value="{other.id}">data — Data</option>' in page and "housing — Housing" not in page
    client.post(f"/en/consultations/submissions/{sub.id}/tags", data={"tag-theme_id": str(theme.id)})
    db.session.expire_all()
    assert len(sub.tags) == 1
    with pytest.raises(RuleError):
        services.tag(sub, services.TagInput(theme.id), None)
    # Offered again.
    assert client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/toggle").status_code == 303
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).active is True
    assert _audit("consultation.theme_restored")


def test_only_the_secretariat_edits_or_retires_and_only_its_consultations_themes(book, make, client, login_as):
    c, theme, _sub = book
    login_as(make.user("committee_member"))
    page = client.get(f"/en/consultations/{c.slug}/themes").get_data(as_text=True)
    assert "Housing" in page and "/toggle" not in page and "/edit" not in page
    assert client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/toggle").status_code == 403
    assert client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/edit",
                       data={"label_fr": "x", "label_en": "x"}).status_code == 403
    login_as(make.user("secretariat"))
    elsewhere = make.consultation()
    assert client.post(f"/en/consultations/{elsewhere.slug}/themes/{theme.id}/toggle").status_code == 404
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).active is True


def test_toggle_requires_a_csrf_token(app, book, make, client, login_as):
    c, theme, _sub = book
    login_as(make.user("secretariat"))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/en/consultations/{c.slug}/themes/{theme.id}/toggle").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).active is True
