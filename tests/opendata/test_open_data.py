"""The Open data page lists every public dataset with its formats, licence and last update, in both
languages, with its DCAT JSON-LD description (in the page and at catalog.jsonld); every link works and
nothing private is listed."""
import json
import re
from urllib.parse import urlsplit

from portal.commitments import services
from portal.extensions import db


def _setup(make):
    plan = make.plan("OPEN-2025", title_fr="Plan ouvert", title_en="Open plan")
    make.plan("DRAFT-2025", status="draft")
    rcmp = make.org("RCMP")
    c = make.commitment(plan, "1.1", rcmp)
    services.save_spending(c, services.SpendingInput("2025-2026", "10"), None)
    make.service("ON", name_en="Shelter")
    db.session.commit()
    return plan


def _jsonld(html: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m, "no JSON-LD in the page"
    return json.loads(m.group(1))


def test_page_lists_datasets_formats_licence_and_dates(make, client):
    _setup(make)
    html = client.get("/en/open-data/").get_data(as_text=True)
    for title in ("Commitments: Open plan", "Spending by fiscal year: Open plan", "Indicators: Open plan",
                  "Directory of services and coalitions", "Gap matrix", "Public consultations", "What changed"):
        assert title in html, title
    for fmt in ("CSV", "XLSX", "JSON API", "Atom", "iCalendar", "HSDS 3.0 JSON", "HSDS CSV datapackage"):
        assert f">{fmt}" in html, fmt
    assert "Open Government Licence - Canada" in html and "open-government-licence-canada" in html
    assert "DRAFT-2025" not in html                     # a draft plan is nobody's open data
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', html)
    fr = client.get("/fr/donnees-ouvertes/").get_data(as_text=True)
    assert "Données ouvertes" in fr and "Licence du gouvernement ouvert" in fr and "Engagements\u00a0: Plan ouvert" in fr


def test_every_listed_link_answers(make, client):
    _setup(make)
    catalog = client.get("/en/open-data/catalog.jsonld").get_json(force=True)
    urls = [d.get("downloadURL") or d.get("accessURL") for ds in catalog["dataset"] for d in ds["distribution"]]
    urls += [ds["landingPage"] for ds in catalog["dataset"]]
    assert len(urls) > 20
    for url in urls:
        parts = urlsplit(url)
        resp = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert resp.status_code == 200, url


def test_dcat_catalogue_in_the_page_and_at_its_address(make, client):
    _setup(make)
    resp = client.get("/fr/donnees-ouvertes/catalogue.jsonld")
    assert resp.mimetype == "application/ld+json"
    catalog = resp.get_json(force=True)
    assert catalog["@type"] == "dcat:Catalog" and catalog["conformsTo"].startswith("https://project-open-data")
    ds = next(d for d in catalog["dataset"] if d["identifier"].endswith("#spending-OPEN-2025"))
    assert ds["title"].startswith("Dépenses par exercice") and ds["accessLevel"] == "public"
    assert ds["license"].startswith("https://ouvert.canada.ca/") and re.match(r"\d{4}-\d\d-\d\d$", ds["modified"])
    assert {d["mediaType"] for d in ds["distribution"]} >= {"text/csv", "application/json"}
    assert ds["contactPoint"]["hasEmail"].startswith("mailto:") and ds["publisher"]["name"]
    in_page = _jsonld(client.get("/fr/donnees-ouvertes/").get_data(as_text=True))
    assert in_page == catalog


def test_footer_links_to_the_page(client):
    html = client.get("/en/").get_data(as_text=True)
    assert 'href="/en/open-data/"' in html
