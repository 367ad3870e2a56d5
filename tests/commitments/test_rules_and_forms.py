"""The rules, on their own and through the forms: clear translated errors, and the form keeps what was typed."""
from datetime import date
from decimal import Decimal

import pytest

from portal.commitments import rules
from portal.commitments.models import Commitment
from portal.extensions import db


def test_fiscal_years():
    assert rules.parse_fiscal_year("2012-2013") == "2012-2013"
    assert rules.parse_fiscal_year("2012-13") == "2012-2013"
    assert rules.fiscal_year_end("2012-2013") == date(2013, 3, 31)
    assert rules.fiscal_year_of(date(2013, 3, 31)) == "2012-2013"
    assert rules.fiscal_year_of(date(2013, 4, 1)) == "2013-2014"
    for bad in ("2013-2012", "2012-2014", "2012", "abc"):
        with pytest.raises(ValueError):
            rules.parse_fiscal_year(bad)


def test_due_values():
    assert rules.parse_due("ongoing") == ("ongoing", None, None)
    assert rules.parse_due("2012-2013") == ("fiscal_year", date(2013, 3, 31), "2012-2013")
    assert rules.parse_due("2026-03-31") == ("date", date(2026, 3, 31), None)
    assert rules.parse_due("") == (None, None, None)
    with pytest.raises(ValueError):
        rules.parse_due("2013-2012")
    with pytest.raises(ValueError):
        rules.parse_due("soon")


def test_progress_and_variance():
    assert rules.check_progress("100") == 100
    with pytest.raises(ValueError, match="150"):
        rules.check_progress(150)
    assert not rules.variance_needs_reason(Decimal(100), Decimal(110))
    assert rules.variance_needs_reason(Decimal(100), Decimal("110.01"))
    assert rules.variance_needs_reason(Decimal(100), Decimal(89))
    assert not rules.variance_needs_reason(Decimal(100), None)


def _form(**over):
    data = {"ref": "1.1", "pillar": "prevention", "objective_ref": "", "title_fr": "Titre typé",
            "title_en": "Typed title", "lead": "RCMP", "partners": "", "start": "2025-04-01", "due": "2026-03-31",
            "status": "on_track", "progress": "50", "visibility": "public", "weight": "1"}
    data.update(over)
    return data


@pytest.mark.parametrize("field,value,message", [
    ("progress", "150", "Progress must be between 0 and 100"),
    ("due", "2024-01-01", "is before the start date"),
    ("lead", "NOPE", "Unknown organisation"),
    ("due", "2013-2012", "is not a fiscal year"),
    ("partners", "RCMP; GHOST:co_lead", "Unknown organisation"),
])
def test_bad_input_is_explained_and_kept(people, login_as, client, field, value, message):
    login_as(people.secretariat)
    resp = client.post(f"/en/commitments/new?plan={people.plan.code}", data=_form(**{field: value}))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert message in html
    assert "Typed title" in html and f'value="{value}"' in html or value in html
    assert db.session.query(Commitment).count() == 0


def test_errors_are_translated(people, login_as, client):
    login_as(people.secretariat)
    resp = client.post(f"/fr/engagements/nouveau?plan={people.plan.code}", data=_form(progress="150", due="2013-2012"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "entre 0 et 100" in html
    assert "n’est pas un exercice" in html


def test_create_then_edit(people, login_as, client):
    login_as(people.secretariat)
    resp = client.post(f"/en/commitments/new?plan={people.plan.code}",
                       data=_form(partners="CBSA:co_lead; PS", jurisdictions=["ON", "QC"]))
    assert resp.status_code == 303
    c = db.session.query(Commitment).one()
    assert c.owner_organisation_ids == {people.rcmp.id, people.cbsa.id}
    assert c.jurisdictions == ["ON", "QC"]
    resp = client.post(f"/en/commitments/{c.id}/edit", data=_form(status="at_risk", progress="30",
                                                                  partners="CBSA:co_lead; PS"))
    assert resp.status_code == 303
    db.session.expire_all()
    assert (c.status, c.progress) == ("at_risk", 30)
    kinds = [e.kind for e in db.session.query(__import__("portal.commitments.models", fromlist=["x"]).CommitmentEvent)]
    assert kinds == ["created", "updated"]


def test_lead_edits_only_its_own(people, make, login_as, client):
    mine = make.commitment(people.plan, "1.1", people.rcmp)
    theirs = make.commitment(people.plan, "1.2", people.cbsa)
    login_as(people.lead)
    assert client.post(f"/en/commitments/{theirs.id}/edit", data=_form(ref="1.2", lead="CBSA")).status_code == 403
    # and cannot hand its own commitment to another organisation
    resp = client.post(f"/en/commitments/{mine.id}/edit", data=_form(lead="CBSA"))
    assert resp.status_code == 422 and "your own organisation" in resp.get_data(as_text=True)
    resp = client.post(f"/en/commitments/{mine.id}/edit", data=_form(status="delayed", progress="20"))
    assert resp.status_code == 303


def test_fiscal_quarters():
    assert rules.fiscal_quarter(date(2025, 4, 1)) == ("2025-2026", 1, date(2025, 6, 30))
    assert rules.fiscal_quarter(date(2025, 11, 22)) == ("2025-2026", 3, date(2025, 12, 31))
    assert rules.fiscal_quarter(date(2026, 2, 10)) == ("2025-2026", 4, date(2026, 3, 31))
    assert rules.fiscal_quarter(date(2025, 9, 30)) == ("2025-2026", 2, date(2025, 9, 30))
