"""Publication parity on commitments: a public commitment with a text in one language only asks for the other
language (422, everything typed kept), or an explicit "Publish in one language for now"; then its page marks
the text "Available in French only"."""
from portal.commitments.models import Commitment
from portal.extensions import db


def _form(**over):
    data = {"ref": "1.1", "pillar": "prevention", "objective_ref": "", "title_fr": "Refuges d'urgence",
            "title_en": "", "description_fr": "Des places en refuge.", "description_en": "", "lead": "RCMP",
            "partners": "", "start": "", "due": "", "status": "on_track", "progress": "", "visibility": "public",
            "weight": "1"}
    data.update(over)
    return data


def test_a_public_commitment_in_french_only_asks_for_english_and_keeps_the_text(people, login_as, client):
    login_as(people.secretariat)
    resp = client.post(f"/en/commitments/new?plan={people.plan.code}", data=_form())
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Missing: Title in English, Description in English. Add the other language" in html
    assert "Publish in one language for now" in html and 'name="one_language"' in html
    assert "Refuges d&#39;urgence" in html and "Des places en refuge." in html
    assert db.session.query(Commitment).count() == 0


def test_the_warning_is_in_french_on_french_pages(people, login_as, client):
    login_as(people.secretariat)
    html = client.post(f"/fr/engagements/nouveau?plan={people.plan.code}", data=_form()).get_data(as_text=True)
    assert "Titre en anglais" in html and "Publier dans une seule langue pour l’instant" in html


def test_ticking_publish_in_one_language_saves_it_marked_on_the_other_language_page(people, login_as, client):
    login_as(people.secretariat)
    resp = client.post(f"/en/commitments/new?plan={people.plan.code}", data=_form(one_language="y"))
    assert resp.status_code == 303
    c = db.session.query(Commitment).one()
    page = client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert '<span lang="fr">Refuges d&#39;urgence</span>' in page and "Available in French only" in page


def test_both_languages_or_an_internal_record_need_no_choice(people, login_as, client):
    login_as(people.secretariat)
    assert client.post(f"/en/commitments/new?plan={people.plan.code}",
                       data=_form(title_en="Emergency shelters", description_en="Shelter beds.")).status_code == 303
    assert client.post(f"/en/commitments/new?plan={people.plan.code}",
                       data=_form(ref="1.2", visibility="internal")).status_code == 303
    # Making the internal one public asks again.
    c = db.session.query(Commitment).filter_by(ref="1.2").one()
    resp = client.post(f"/en/commitments/{c.id}/edit", data=_form(ref="1.2"))
    assert resp.status_code == 422 and "Title in English" in resp.get_data(as_text=True)


def test_an_active_plan_with_its_description_in_french_only_asks_for_english(people, login_as, client):
    from .test_plans import _data

    login_as(people.secretariat)
    data = _data(description_fr="La stratégie nationale de lutte contre la traite des personnes.")
    resp = client.post("/en/commitments/plans/new", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Missing: Description in English." in html and 'name="one_language"' in html
    assert "La stratégie nationale de lutte contre la traite des personnes." in html
    assert client.post("/en/commitments/plans/new", data={**data, "status": "draft"}).status_code == 303
