"""Organisations' short names in each language: GRC on French pages and in French email, RCMP on English
ones; imports and filters accept either form; the admin sets the French form."""
from sqlalchemy import select

from portal.auth.models import Organisation
from portal.commitments.importers import COLUMNS, import_commitments
from portal.commitments.models import Commitment
from portal.extensions import db


def _frenchify(people):
    people.rcmp.short_name_fr, people.cbsa.short_name_fr, people.ps.short_name_fr = "GRC", "ASFC", "SP"
    people.rcmp.name_fr, people.rcmp.name_en = "Gendarmerie royale du Canada", "Royal Canadian Mounted Police"
    db.session.commit()


def test_pages_name_the_lead_by_the_short_name_of_their_language(client, make, people):
    _frenchify(people)
    c = make.commitment(people.plan, "1.1", lead=people.rcmp, title_fr="Former les agents", title_en="Train officers")
    fr = client.get(f"/fr/engagements/{c.id}").get_data(as_text=True)
    en = client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert "(GRC)" in fr and "(RCMP)" not in fr
    assert "(RCMP)" in en and "(GRC)" not in en
    listing = client.get(f"/fr/engagements/plans/{people.plan.code}/engagements").get_data(as_text=True)
    assert ">GRC<" in listing.replace(" ", "")
    filtered = client.get(f"/fr/engagements/plans/{people.plan.code}/engagements?org=GRC").get_data(as_text=True)
    assert "Former les agents" in filtered


def test_an_import_accepts_either_languages_short_name(people):
    _frenchify(people)
    header = ",".join(COLUMNS)
    data = header + "\n1.2,,prevention,,Tâche,Task,,,GRC,ASFC:co_lead,,,ongoing,\n"
    report = import_commitments(people.plan, data)
    db.session.commit()
    assert report.ok, report
    c = db.session.scalar(select(Commitment).where(Commitment.ref == "1.2"))
    assert c.lead_organisation is people.rcmp and {p.organisation for p in c.partners} == {people.cbsa}


def test_admin_gives_an_organisation_its_french_short_name(client, login_as, make):
    login_as(make.user("admin"))
    resp = client.post("/en/admin/organisations", data={
        "short_name": "CSIS", "short_name_fr": "SCRS", "name_fr": "Service canadien du renseignement de sécurité",
        "name_en": "Canadian Security Intelligence Service", "org_type": "federal", "jurisdiction_code": ""})
    assert resp.status_code == 303
    org = Organisation.by_short_name("SCRS")
    assert org is not None and org.short_name == "CSIS"
    again = client.post("/en/admin/organisations", data={
        "short_name": "SCRS", "name_fr": "Autre", "name_en": "Other", "org_type": "federal", "jurisdiction_code": ""})
    assert again.status_code == 422 and "already used" in again.get_data(as_text=True)
