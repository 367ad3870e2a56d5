"""Publication parity in consultations: a public consultation, its sections and questions, and a public
roundtable ask for the other language of a text written in one (422, text kept), or the explicit
"Publish in one language for now"; a draft is not asked."""
from sqlalchemy import select

from portal.consultations.models import Consultation, Roundtable
from portal.extensions import db

CONSULTATION = {"slug": "logement", "title_fr": "Logement", "title_en": "Housing", "audience": "public",
                "summary_fr": "Où loger les personnes survivantes ?", "summary_en": "",
                "opens_at": "2030-07-01T09:00", "closes_at": "2030-08-01T09:00", "retention_days": "365"}


def test_a_public_consultation_with_its_summary_in_french_only_asks_for_english(make, client, login_as):
    login_as(make.user("secretariat"))
    resp = client.post("/en/consultations/new", data=CONSULTATION)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Missing: Summary in English." in html
    assert "Où loger les personnes survivantes ?" in html and 'name="one_language"' in html
    assert db.session.scalar(select(Consultation)) is None
    # Without dates it is a draft, nobody reads it yet: saved as it is.
    assert client.post("/en/consultations/new", data={**CONSULTATION, "opens_at": "", "closes_at": ""}).status_code == 303


def test_a_question_of_an_open_consultation_with_help_in_one_language(make, client, login_as):
    c = make.consultation("open")
    login_as(make.user("secretariat"))
    url = f"/fr/consultations/{c.slug}/concepteur/sections/{c.sections[0].id}/questions/nouveau"
    data = {"kind": "long", "text_fr": "Qu'est-ce qui aide ?", "text_en": "What helps?", "help_fr": "En détail."}
    resp = client.post(url, data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Texte d’aide en anglais" in html and "En détail." in html
    assert "Publier dans une seule langue pour l’instant" in html
    assert client.post(url, data={**data, "one_language": "y"}).status_code == 303


def test_a_section_of_a_draft_is_not_asked(make, client, login_as):
    c = make.consultation("draft")
    login_as(make.user("secretariat"))
    resp = client.post(f"/en/consultations/{c.slug}/builder/sections/new",
                       data={"title_fr": "Logement", "title_en": "Housing", "body_fr": "Texte en français."})
    assert resp.status_code == 303


def test_a_public_roundtable_with_its_summary_in_english_only(make, client, login_as):
    make.categories()
    login_as(make.user("secretariat"))
    data = {"title_fr": "Table ronde de Halifax", "title_en": "Halifax roundtable", "consultation_id": "0",
            "summary_en": "Housing came first."}
    resp = client.post("/en/consultations/roundtables/new", data=data)
    assert resp.status_code == 422 and "Summary in French" in resp.get_data(as_text=True)
    assert 'name="one_language"' in resp.get_data(as_text=True)
    assert client.post("/en/consultations/roundtables/new", data={**data, "one_language": "y"}).status_code == 303
    assert db.session.scalar(select(Roundtable)).summary_fr == ""
