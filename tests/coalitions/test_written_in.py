"""Single-language texts of the directory carry the language they were written in (issue: both official
languages on every page): opening hours, protocol versions and a regional note's source show on the other
language's page with their lang and the "available in ... only" note. A national service has no city."""
import re

from sqlalchemy import select

from portal.coalitions.models import ProtocolVersion, RegionNote, Service
from portal.extensions import db


def _service_form(s, **over):
    data = {"name_fr": s.name_fr, "name_en": s.name_en, "jurisdiction_code": s.jurisdiction_code or "",
            "city": s.city, "categories": s.categories, "populations": s.populations,
            "owner_organisation_id": str(s.owner_organisation_id or ""), "published": "y",
            "one_language": "y"}
    data.update(over)
    return data


def test_hours_typed_on_a_french_page_are_marked_on_the_english_one(client, make, login_as):
    sec = make.user("secretariat", lang="fr")
    service = make.service("ON", owner=sec.organisation)
    login_as(sec)
    resp = client.post(f"/fr/coalitions/service/{service.id}/modifier",
                       data=_service_form(service, hours="Du lundi au vendredi, de 9 h à 17 h"))
    assert resp.status_code == 303, re.findall(r"(?:error-message|alert)[^>]*>([^<]*)", resp.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Service, service.id).hours_lang == "fr"
    english = client.get(f"/en/coalitions/service/{service.id}").get_data(as_text=True)
    assert '<span lang="fr">Du lundi au vendredi, de 9 h à 17 h</span>' in english
    assert "Available in French only" in english


def test_a_national_service_needs_no_city_but_a_provincial_one_does(client, make, login_as):
    sec = make.user("secretariat", lang="en")
    service = make.service("ON", owner=sec.organisation)
    login_as(sec)
    refused = client.post(f"/en/coalitions/service/{service.id}/edit", data=_service_form(service, city=""))
    assert refused.status_code == 422 and "only a national service goes without one" in refused.get_data(as_text=True)
    assert client.post(f"/en/coalitions/service/{service.id}/edit",
                       data=_service_form(service, city="", jurisdiction_code="")).status_code == 303
    page = client.get(f"/en/coalitions/service/{service.id}").get_data(as_text=True)
    assert "National (all of Canada)" in page


def test_protocol_version_and_note_source_keep_their_language(client, make, login_as):
    editor = make.user("jurisdiction_editor", org=make.jurisdiction("ON"), lang="fr")
    protocol = make.protocol("ON")
    login_as(editor)
    assert client.post(f"/fr/coalitions/protocole/{protocol.id}/versions",
                       data={"label": "Version révisée", "note": "Ajout des services aux jeunes"}).status_code == 303
    assert db.session.scalar(select(ProtocolVersion)).text_lang == "fr"
    english = client.get(f"/en/coalitions/protocol/{protocol.id}").get_data(as_text=True)
    assert '<span lang="fr">Ajout des services aux jeunes</span>' in english
    resp = client.post("/en/coalitions/provinces/ON/notes/new", data={
        "title_en": "Trends", "body_en": "- Cases reported in rural areas.", "source": "Rapport du CCR",
        "source_lang": "fr", "year": "2019", "published": "y", "one_language": "y"})
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(RegionNote)).source_lang == "fr"
    page = client.get("/en/coalitions/provinces/ON").get_data(as_text=True)
    assert '<span lang="fr">Rapport du CCR</span>' in page
