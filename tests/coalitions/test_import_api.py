import json

import pytest
from sqlalchemy import select

from portal.coalitions.importers import ImportFailed, import_records
from portal.coalitions.models import Protocol, Service
from portal.extensions import db

GOOD = """province,name_fr,name_en,owner,city,categories,populations,languages,open_24_7
ON,Refuge A,Shelter A,ON,Toronto,short_term_housing;immediate_safety,women,fr;en,yes
QC,Clinique B,Clinic B,,Montréal,health,,fr,no
"""

BAD = """province,name_fr,name_en,owner,city,categories,populations,languages,open_24_7
ON,Refuge A,Shelter A,ON,Toronto,short_term_housing,women,fr,yes
XX,Clinique B,Clinic B,,Montréal,health,,fr,no
QC,Clinique C,Clinic C,NOPE,,cooking,,fr,maybe
"""


def test_good_file_imports_and_reimport_updates(app, make):
    make.jurisdiction("ON")
    result = import_records("service", GOOD)
    db.session.commit()
    assert (result.created, result.updated) == (2, 0)
    shelter = db.session.scalars(select(Service).where(Service.name_en == "Shelter A")).one()
    assert shelter.categories == ["short_term_housing", "immediate_safety"] and shelter.open_24_7
    result = import_records("service", GOOD.replace("Toronto", "Ottawa"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)   # only Toronto became Ottawa
    assert shelter.city == "Ottawa"


def test_bad_file_changes_nothing_and_reports_every_bad_row(app, make):
    make.jurisdiction("ON")
    with pytest.raises(ImportFailed) as info:
        import_records("service", BAD)
    db.session.rollback()
    lines = sorted({line for line, _ in info.value.errors})
    assert lines == [3, 4]
    messages = " ".join(m for _, m in info.value.errors)
    assert "unknown province" in messages and "NOPE" in messages and "cooking" in messages
    assert "city is required" in messages and "maybe" in messages
    assert db.session.scalars(select(Service)).all() == []


def test_bad_headers_are_refused(app):
    with pytest.raises(ImportFailed) as info:
        import_records("protocol", "title_en,colour\nX,red\n")
    assert any("colour" in m for _, m in info.value.errors)
    assert any("kind" in m for _, m in info.value.errors)


def test_cli_imports_and_refuses(app, make, tmp_path):
    make.jurisdiction("ON")
    runner = app.test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_text("province,title_fr,kind,scopes,status,effective_on\nON,Entente,referral,all_forms,in_force,\n"
                   "ON,Autre,teleport,all_forms,draft,\n", encoding="utf-8")
    result = runner.invoke(args=["protocols", "import", str(bad)])
    assert result.exit_code != 0
    assert "bad.csv:2: a protocol in force needs effective_on" in result.output
    assert "bad.csv:3: kind" in result.output and "nothing was imported" in result.output
    assert db.session.scalars(select(Protocol)).all() == []
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["services", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    coal = tmp_path / "c.csv"
    coal.write_text("province,name_fr,kind,activities,members\nNB,Groupe,task_force,awareness;training,ON\n")
    result = runner.invoke(args=["coalitions", "import", str(coal)])
    assert result.exit_code == 0, result.output


def test_api_honours_visibility_and_filters(app, client, make, login_as):
    make.service("ON", name_en="Public one", categories=["health"])
    make.service("ON", name_en="Hidden one", published=False)
    make.service("QC", name_en="Quebec one")
    make.protocol("ON", title_en="Draft protocol", status="draft")
    data = client.get("/api/v1/services?province=ON").get_json()
    assert [i["name"] for i in data["items"]] == ["Public one"]
    assert data["items"][0]["categories"] == [{"code": "health", "label": "Health"}]
    fr = client.get("/api/v1/services?province=ON&lang=fr").get_json()
    assert fr["lang"] == "fr" and fr["items"][0]["categories"][0]["label"] == "Santé"
    assert client.get("/api/v1/protocols").get_json()["count"] == 0  # drafts are internal
    login_as(make.user("jurisdiction_editor", org=make.jurisdiction("ON")))
    names = {i["name"] for i in client.get("/api/v1/services").get_json()["items"]}
    assert names == {"Public one", "Hidden one", "Quebec one"}
    assert client.get("/api/v1/protocols").get_json()["count"] == 1


def test_hsds_export(app, client, make):
    make.service("NS", name_en="Shelter", name_fr="Refuge", open_24_7=True, phone="902-555-0199",
                 categories=["short_term_housing"], languages=["en", "fr"], referral_en="Call us")
    body = client.get("/api/v1/services/hsds").get_json()
    assert body["total_items"] == 1
    s = body["contents"][0]
    assert s["name"] == "Shelter" and s["alternate_name"] == "Refuge" and s["application_process"] == "Call us"
    assert s["phones"][0]["number"] == "902-555-0199"
    assert s["schedules"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert s["service_at_locations"][0]["location"]["addresses"][0]["state_province"] == "NS"
    assert s["attributes"][0]["taxonomy_term"]["code"] == "short_term_housing"
    json.dumps(body)


def test_csv_export_neutralises_formulas(app, client, make):
    make.service("ON", name_en="=HYPERLINK(\"http://evil\")", categories=["health"])
    text = client.get("/en/coalitions/gaps.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_directory_filters(app, client, make):
    make.service("ON", name_en="Night line", open_24_7=True, languages=["es"], populations=["youth"],
                 categories=["immediate_safety"])
    make.service("ON", name_en="Day clinic", categories=["health"])
    html = client.get("/en/coalitions/services?open_24_7=1&language=es&population=youth").get_data(as_text=True)
    assert "Night line" in html and "Day clinic" not in html
    html = client.get("/en/coalitions/services?q=clinic").get_data(as_text=True)
    assert "Day clinic" in html and "Night line" not in html
    partial = client.get("/en/coalitions/services?category=health", headers={"HX-Request": "true"})
    text = partial.get_data(as_text=True)
    assert '<div id="directory-results"' in text and "<html" not in text
    assert '<p id="directory-status" hx-swap-oob="innerHTML">' in text  # the page's one live region, filled


def test_directory_and_api_are_paged(app, client, make):
    for i in range(30):
        make.service("PE", name_en=f"Service {i:02d}", city="Charlottetown", commit=False)
    db.session.commit()
    html = client.get("/en/coalitions/services?province=PE").get_data(as_text=True)
    assert "30 services found" in html and "page 1 of 2" in html
    assert html.count("<h3>") == 25 and 'rel="next"' in html
    html2 = client.get("/en/coalitions/services?province=PE&page=2").get_data(as_text=True)
    assert html2.count("<h3>") == 5 and "province=PE" in html2
    body = client.get("/api/v1/services?per_page=20&page=2").get_json()
    assert body["count"] == 30 and body["pages"] == 2 and len(body["items"]) == 10
    hsds = client.get("/api/v1/services/hsds?per_page=25").get_json()
    assert hsds["total_items"] == 30 and hsds["total_pages"] == 2 and len(hsds["contents"]) == 25
    assert not hsds["last_page"]


def test_a_superscript_digit_is_no_id_nor_year_and_is_reported_on_its_row(app, make):
    """`"²".isdigit()` is true but int("²") fails: the importer reads ids and years in ASCII digits only."""
    make.jurisdiction("ON")
    with pytest.raises(ImportFailed) as info:
        import_records("service", "id,province,name_fr,name_en,city,categories\n"
                                  "²,ON,Refuge A,Shelter A,Toronto,health\n")
    assert info.value.errors == [(2, "id '²' is not a record number (digits 0-9 only)")]
    with pytest.raises(ImportFailed) as info:
        import_records("strategy", "province,title_fr,year,status\nON,Stratégie,20²6,in_force\n")
    assert [line for line, _m in info.value.errors] == [2]
    assert "'20²6' is not a year" in info.value.errors[0][1]
    assert db.session.scalars(select(Service)).all() == []
