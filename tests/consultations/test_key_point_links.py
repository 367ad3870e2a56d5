"""What each roundtable key point became, both ways: the roundtable page and API name the commitments and
lessons it informed and its place in "what we heard"; those pages link back to the key point."""
from __future__ import annotations

from portal.commitments import services as cm_services
from portal.extensions import db
from portal.links import resolve


def _commitment_from(make, kp):
    plan = make.plan()
    data = cm_services.CommitmentInput(ref="7.3", title_fr="Refuges régionaux", title_en="Regional shelters",
                                       lead=make.org().short_name, pillar_key="protection")
    c = cm_services.create_commitment(plan, data, None, source=resolve("key_point", kp.id))
    db.session.commit()
    return c


def test_key_point_shows_what_it_informed_on_the_page_and_in_the_api(make, client, login_as):
    consultation = make.consultation()
    rt = make.roundtable(consultation)
    kp = rt.key_points[0]
    commitment = _commitment_from(make, kp)
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "What it informed:" in page and f"/en/commitments/{commitment.id}" in page
    assert "7.3 Regional shelters" in page and "/what-we-heard" not in page   # not published yet
    api = client.get(f"/api/v1/roundtables/{rt.id}?lang=fr").get_json()
    point = api["key_points"][0]
    assert point["informed"][0]["type"] == "commitment" and point["informed"][0]["relation"] == "proposed_from"
    assert point["informed"][0]["url"].endswith(f"/fr/engagements/{commitment.id}")
    assert point["url"].endswith(f"/fr/consultations/tables-rondes/{rt.id}#key-point-{kp.id}")
    assert "what_we_heard_url" not in point

    login_as(make.user("committee_member"))
    api = client.get(f"/api/v1/roundtables/{rt.id}").get_json()
    assert api["key_points"][0]["what_we_heard_url"].endswith(
        f"/en/consultations/{consultation.slug}/what-we-heard#key-point-{kp.id}")
    heard = client.get(f"/en/consultations/{consultation.slug}/what-we-heard").get_data(as_text=True)
    assert f'id="key-point-{kp.id}"' in heard and f"/en/consultations/roundtables/{rt.id}#key-point-{kp.id}" in heard
    back = client.get(f"/en/commitments/{commitment.id}").get_data(as_text=True)
    assert f"/en/consultations/roundtables/{rt.id}#key-point-{kp.id}" in back


def test_records_the_reader_may_not_see_are_not_named(make, client):
    consultation = make.consultation()
    rt = make.roundtable(consultation)
    commitment = _commitment_from(make, rt.key_points[0])
    commitment.visibility = "internal"      # an internal commitment is not named to the public
    db.session.commit()
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "Regional shelters" not in page
    assert client.get(f"/api/v1/roundtables/{rt.id}").get_json()["key_points"][0]["informed"] == []


def test_secretariat_links_a_key_point_to_themes_shown_both_ways_to_the_committee(make, client, login_as):
    consultation = make.consultation()
    rt = make.roundtable(consultation)
    kp = rt.key_points[0]
    housing = make.theme(consultation, "housing", "Logement", "Housing")
    login_as(make.user("secretariat"))
    edit = client.get(f"/en/consultations/key-points/{kp.id}/edit").get_data(as_text=True)
    assert "housing — Housing" in edit
    form = {"heading_fr": "Québec", "heading_en": "Quebec", "text_fr": "Point clé.", "text_en": "Key point.",
            "theme_ids": [str(housing.id)]}
    assert client.post(f"/en/consultations/key-points/{kp.id}/edit", data=form).status_code == 303
    login_as(make.user("committee_member"))
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "Theme: Housing" in page and f"/themes#theme-{housing.id}" in page
    book = client.get(f"/en/consultations/{consultation.slug}/themes").get_data(as_text=True)
    assert f"/roundtables/{rt.id}#key-point-{kp.id}" in book
    api = client.get(f"/api/v1/roundtables/{rt.id}").get_json()
    assert {i["type"] for i in api["key_points"][0]["informed"]} == {"theme"}
    visitor = client.application.test_client()
    assert "Housing" not in visitor.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    login_as(make.user("secretariat"))
    client.post(f"/en/consultations/key-points/{kp.id}/edit", data={**form, "theme_ids": []})
    login_as(make.user("committee_member"))
    assert "Theme: Housing" not in client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
