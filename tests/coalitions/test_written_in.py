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


def _migration(name: str):
    import importlib.util
    from pathlib import Path

    [path] = (Path(__file__).parents[2] / "migrations" / "versions").glob(f"*_{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_source_cited_before_its_language_was_recorded_is_marked_after_the_upgrade(client, make):
    """0181 identifies the language of texts written before the "written in" columns: an English source cited
    by a regional note then shows on the French page with lang="en" and its note; opening hours too short to
    tell ("9 h – 17 h") stay unknown and are shown unmarked."""
    note = RegionNote(jurisdiction_code="ON", title_fr="Tendances", title_en="Trends", body_fr="- Cas en région.",
                      body_en="- Cases in rural areas.", source="Report of the Canadian Council for Refugees",
                      source_lang=None, year=2019, published=True)
    db.session.add(note)
    service = make.service("ON", hours="9 h – 17 h")
    service.hours_lang = None
    db.session.commit()
    marked = '<span lang="en">Report of the Canadian Council for Refugees</span>'
    before = client.get("/fr/coalitions/provinces/ON", follow_redirects=True).get_data(as_text=True)
    assert "Report of the Canadian Council for Refugees" in before and marked not in before
    with db.engine.begin() as conn:
        filled = _migration("langdata_written_in_fill").fill(conn)
    assert filled["region_notes"] == 1 and filled["services"] == 0
    db.session.rollback()   # a fresh snapshot: the migration wrote on its own connection
    assert db.session.get(RegionNote, note.id).source_lang == "en"
    assert db.session.get(Service, service.id).hours_lang is None
    after = client.get("/fr/coalitions/provinces/ON", follow_redirects=True).get_data(as_text=True)
    assert marked in after and "Disponible en anglais seulement" in after


def test_an_imported_note_without_a_source_language_gets_the_one_its_text_says(app):
    from portal.coalitions.importers import import_notes

    import_notes("province,title_fr,title_en,body_fr,body_en,source,year\n"
                 "QC,Tendances,Trends,Texte,Text,Rapport annuel de la Coalition québécoise,2019\n")
    assert db.session.scalar(select(RegionNote)).source_lang == "fr"


def test_a_protocols_other_parties_are_shown_in_the_language_they_read_as(client, make, login_as):
    """Parties without an account are names typed as they are: a French one is marked on the English page
    (the language crawl found "Services à l'enfant et à la famille" bare there); a short one is left alone."""
    sec = make.user("secretariat")
    protocol = make.protocol("MB", owner=sec.organisation,
                             other_parties="Services à l'enfant et à la famille\nVictim Services Branch\nCBSA")
    login_as(sec)
    english = client.get(f"/en/coalitions/protocol/{protocol.id}").get_data(as_text=True)
    assert re.search(r'<span lang="fr">Services à l(&#39;|\')enfant et à la famille</span> '
                     r'<span class="lang-note">\(Available in French only\)</span>', english)
    assert "<li>Victim Services Branch</li>" in english and "<li>CBSA</li>" in english
    french = client.get(f"/fr/coalitions/protocole/{protocol.id}").get_data(as_text=True)
    assert re.search(r"<li>Services à l(&#39;|')enfant et à la famille</li>", french)
    assert re.search(r'<span lang="en">Victim Services Branch</span> <span class="lang-note">\(Disponible en '
                     r'anglais seulement\)</span>', french)
