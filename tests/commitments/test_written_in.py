"""Texts written in one language carry it (issue: both official languages on every page): a reason, a note, a
label or a name typed on a French page shows on the English one with lang="fr" and "Available in French only";
units and spending notes are bilingual; partners are typed with either language's short names and role words."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.commitments import services
from portal.commitments.models import Indicator, Measurement, ReportingCycle, Spending
from portal.commitments.rules import parse_partners
from portal.extensions import db

MARK_FR = '<span lang="fr">'


def test_a_reason_written_on_a_french_page_is_marked_on_the_english_one(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    login_as(people.lead)
    resp = client.post(f"/fr/engagements/{c.id}/depenses", data={
        "fiscal_year": "2012-2013", "funding_source": "dedicated", "planned": "1000", "actual": "1500",
        "variance_reason": "Plus de formations que prévu dans les régions", "note_fr": "Équipe intégrée",
        "note_en": "Integrated team"})
    assert resp.status_code == 303
    row = db.session.scalar(select(Spending))
    assert row.variance_reason_lang == "fr"
    english = client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert f"{MARK_FR}Plus de formations que prévu dans les régions</span>" in english
    assert "Available in French only" in english and "Integrated team" in english and "Équipe intégrée" not in english
    french = client.get(f"/fr/engagements/{c.id}").get_data(as_text=True)
    assert "Plus de formations que prévu dans les régions" in french
    assert f"{MARK_FR}Plus de formations" not in french      # in the page's own language: no marker
    assert "Équipe intégrée" in french


def test_units_are_bilingual_and_a_measurement_note_keeps_its_language(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    login_as(people.lead)
    assert client.post(f"/en/commitments/{c.id}/indicators", data={
        "name_en": "Officers trained", "name_fr": "Agents formés", "level": "output", "unit_fr": "personnes",
        "unit_en": "people"}).status_code == 303
    ind = db.session.scalar(select(Indicator))
    assert client.post(f"/fr/engagements/indicateurs/{ind.id}/mesures", data={
        "measured_on": "2026-01-15", "value": "57", "note": "Chiffre provisoire"}).status_code == 303
    assert db.session.scalar(select(Measurement)).note_lang == "fr"
    assert "(personnes)" in client.get(f"/fr/engagements/{c.id}").get_data(as_text=True)
    assert "(people)" in client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    page = client.get(f"/en/commitments/{c.id}/indicators").get_data(as_text=True)
    assert f"{MARK_FR}Chiffre provisoire</span>" in page and "Available in French only" in page


def test_a_cycle_named_in_english_and_an_evidence_label_written_in_french(people, make, login_as, client):
    login_as(people.secretariat)
    due = date.today() + timedelta(days=20)
    resp = client.post(f"/en/commitments/plans/{people.plan.code}/cycles", data={
        "name": "Fall 2025 round", "opens_on": date.today().isoformat(), "due_date": due.isoformat()})
    assert resp.status_code == 303
    cycle = db.session.scalar(select(ReportingCycle))
    assert cycle.name_lang == "en"
    page = client.get(f"/fr/engagements/cycles/{cycle.id}").get_data(as_text=True)
    assert '<span lang="en">Fall 2025 round</span>' in page and "Disponible en anglais seulement" in page
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = services.create_update(c, services.UpdateInput(as_of=date.today(), status="on_track", progress="10",
                                                         narrative_en="Started."), people.lead)
    services.add_evidence(upd, services.EvidenceInput(url="https://example.org/rapport",
                                                      label="Rapport annuel de la GRC", lang="fr"), people.lead)
    db.session.commit()
    login_as(people.lead)
    page = client.get(f"/en/commitments/updates/{upd.id}").get_data(as_text=True)
    assert f"{MARK_FR}Rapport annuel de la GRC</span>" in page


def test_partners_in_either_language_and_the_form_in_the_pages(people, make, login_as, client):
    assert parse_partners("GRC:coresponsable; ASFC:soutien; JUS:consulté; PS") == [
        ("GRC", "co_lead"), ("ASFC", "support"), ("JUS", "consulted"), ("PS", "support")]
    assert parse_partners("RCMP:co-lead; CBSA:co_lead; X:boss") == [("RCMP", "co_lead"), ("CBSA", "co_lead"),
                                                                    ("X", "boss")]
    people.cbsa.short_name_fr = "ASFC"
    db.session.commit()
    c = make.commitment(people.plan, "1.1", people.rcmp, partners=[("CBSA", "co_lead")])
    login_as(people.secretariat)
    french = client.get(f"/fr/engagements/{c.id}/modifier").get_data(as_text=True)
    assert 'value="ASFC:coresponsable"' in french and "SP ou ASFC" in french
    english = client.get(f"/en/commitments/{c.id}/edit").get_data(as_text=True)
    assert 'value="CBSA:co-lead"' in english
    # What the form shows is what it takes back.
    assert parse_partners("ASFC:coresponsable") == [("ASFC", "co_lead")]
