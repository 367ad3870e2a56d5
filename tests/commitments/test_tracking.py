"""Spending, indicators, reporting cycles and the scheduled reminders."""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from portal.commitments import jobs, queries, services
from portal.commitments.models import Indicator, ReportingCycle, Spending
from portal.extensions import db
from portal.mail import OutgoingMail


def _mails(to=None):
    stmt = select(OutgoingMail)
    if to:
        stmt = stmt.where(OutgoingMail.to_address == to)
    return list(db.session.scalars(stmt))


def test_spending_rules_and_totals(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp, pillar_key="prosecution")
    login_as(people.lead)
    url = f"/en/commitments/{c.id}/spending"
    resp = client.post(url, data={"fiscal_year": "2013-2012", "funding_source": "dedicated", "planned": "1000"})
    assert resp.status_code == 422 and "not a fiscal year" in resp.get_data(as_text=True)
    resp = client.post(url, data={"fiscal_year": "2012-2013", "funding_source": "dedicated", "planned": "1000",
                                  "actual": "1200"})
    html = resp.get_data(as_text=True)
    assert "more than 10%" in html and 'value="1200"' in html
    assert db.session.query(Spending).count() == 0
    resp = client.post(url, data={"fiscal_year": "2012-2013", "funding_source": "dedicated", "planned": "1000",
                                  "actual": "1200", "variance_reason": "Extra training sessions."})
    assert resp.status_code == 303
    resp = client.post(url, data={"fiscal_year": "2013-2014", "funding_source": "existing", "planned": "500",
                                  "actual": "505"})
    assert resp.status_code == 303
    by_year = queries.spending_by_year(people.plan, people.lead)
    assert [(r.fy, r.planned, r.actual) for r in by_year] == [
        ("2012-2013", Decimal("1000.00"), Decimal("1200.00")), ("2013-2014", Decimal("500.00"), Decimal("505.00"))]
    assert queries.spending_totals(people.plan, people.lead, "organisation")[0].key == "RCMP"
    assert queries.spending_totals(people.plan, people.lead, "pillar")[0].key == "prosecution"
    dash = client.get(f"/en/commitments/plans/{people.plan.code}").get_data(as_text=True)
    assert "<svg" in dash and 'class="bar-planned"' in dash and "style=" not in dash
    assert "$1,000.00" in dash


def test_indicators_and_measurements(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    login_as(people.lead)
    resp = client.post(f"/en/commitments/{c.id}/indicators", data={"name_en": "", "name_fr": "", "level": "output"})
    assert resp.status_code == 422 and "A name is required" in resp.get_data(as_text=True)
    resp = client.post(f"/en/commitments/{c.id}/indicators", data={
        "name_en": "Officers trained", "level": "immediate", "unit_en": "people", "baseline": "0", "target": "200"})
    assert resp.status_code == 303
    ind = db.session.scalar(select(Indicator))
    resp = client.post(f"/en/commitments/indicators/{ind.id}/measurements", data={"measured_on": "2026-01-15",
                                                                                   "value": "abc"})
    assert resp.status_code == 422 and "is not an amount" in resp.get_data(as_text=True)
    resp = client.post(f"/en/commitments/indicators/{ind.id}/measurements", data={"measured_on": "2026-01-15",
                                                                                   "value": "57"})
    assert resp.status_code == 303
    page = client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert "Officers trained" in page and "Immediate outcome" in page and "57" in page


def _cycle_setup(people, make, due):
    a = make.commitment(people.plan, "1.1", people.rcmp)
    b = make.commitment(people.plan, "1.2", people.rcmp)
    make.commitment(people.plan, "1.3", people.cbsa, status="completed")   # closed: not expected
    parent = make.commitment(people.plan, "2", people.cbsa)
    make.commitment(people.plan, "2.1", people.cbsa, parent_ref="2")       # the parent is not expected, its leaf is
    cycle = services.open_cycle(people.plan, services.CycleInput("2025-2026 Q3", due, due - timedelta(days=30)),
                                people.secretariat)
    db.session.commit()
    return a, b, parent, cycle


def test_cycle_assignments_and_completion(people, make, login_as, client):
    today = date.today()
    a, b, parent, cycle = _cycle_setup(people, make, today + timedelta(days=20))
    assigned = {org.short_name: [c.ref for c in items] for org, items in queries.cycle_assignments(cycle).items()}
    assert assigned == {"CBSA": ["2.1"], "RCMP": ["1.1", "1.2"]}
    assert _mails(people.lead.email) and _mails(people.other_lead.email)  # told when the cycle opened
    upd = make.progress_update(a, people.lead, "submitted", cycle_id=cycle.id)
    assert upd.cycle_id == cycle.id
    rows = {r.organisation.short_name: (r.done, r.total) for r in queries.cycle_completion(cycle)}
    assert rows == {"CBSA": (0, 1), "RCMP": (1, 2)}
    login_as(people.secretariat)
    page = client.get(f"/en/commitments/cycles/{cycle.id}").get_data(as_text=True)
    assert "RCMP" in page and "50%" in page


def test_reminders_escalation_idempotent(people, make):
    due = date(2026, 1, 30)
    a, b, parent, cycle = _cycle_setup(people, make, due)
    db.session.query(OutgoingMail).delete()
    db.session.commit()
    assert jobs.cycle_reminders(today=due - timedelta(days=10)) == {}
    first = jobs.cycle_reminders(today=due - timedelta(days=5))
    assert first == {"before": 2}
    assert jobs.cycle_reminders(today=due - timedelta(days=4)) == {}     # claimed: not sent twice
    mail = _mails(people.lead.email)[0]
    assert mail.lang == "en" and "1.1" in mail.body_text and "http" in mail.body_text
    french = _mails(people.other_lead.email)[0]
    assert french.lang == "fr"
    assert jobs.cycle_reminders(today=due) == {"due": 2}
    assert jobs.cycle_reminders(today=due) == {}
    out = jobs.cycle_reminders(today=due + timedelta(days=1))
    assert out == {"escalation": 1}
    assert jobs.cycle_reminders(today=due + timedelta(days=2)) == {}
    assert _mails(people.secretariat.email)[-1].subject
    db.session.commit()


def test_overdue_alerts(people, make):
    make.commitment(people.plan, "1.1", people.rcmp, due="2020-01-01", status="on_track")
    make.commitment(people.plan, "1.2", people.rcmp, due="2020-01-01", status="completed")
    make.commitment(people.plan, "1.3", people.rcmp, due="ongoing", status="ongoing")
    assert jobs.overdue_alerts(today=date(2026, 1, 5)) == {"commitments": 1, "mails": 1}
    assert jobs.overdue_alerts(today=date(2026, 1, 12)) == {"commitments": 0, "mails": 0}
    assert "1.1" in _mails(people.lead.email)[-1].body_text


def test_cycle_form(people, login_as, client):
    login_as(people.secretariat)
    url = f"/en/commitments/plans/{people.plan.code}/cycles"
    resp = client.post(url, data={"name": "Q1", "opens_on": "2026-02-01", "due_date": "2026-01-01"})
    assert resp.status_code == 422 and "before the opening date" in resp.get_data(as_text=True)
    assert client.post(url, data={"name": "Q1", "due_date": "2026-03-01"}).status_code == 303
    assert "already has a cycle" in client.post(url, data={"name": "Q1", "due_date": "2026-03-01"}).get_data(as_text=True)
    cy = db.session.scalar(select(ReportingCycle))
    assert client.post(f"/en/commitments/cycles/{cy.id}/close").status_code == 303
    db.session.expire_all()
    assert cy.status == "closed"
    assert db.session.scalar(select(func.count()).select_from(ReportingCycle)) == 1


def test_objective_indicators(people, make, login_as, client, app):
    objective = services.add_objective(people.plan, services.ObjectiveInput("3.1", "prosecution", "Traduire en justice",
                                                                            "Bring to justice"))
    db.session.commit()
    login_as(people.lead)
    assert client.get(f"/en/commitments/plans/{people.plan.code}/indicators").status_code == 403
    login_as(people.secretariat)
    url = f"/en/commitments/plans/{people.plan.code}/indicators"
    resp = client.post(url, data={"objective_id": "999", "name_en": "Convictions", "level": "ultimate"})
    assert resp.status_code == 422 and "Choose an objective" in resp.get_data(as_text=True)
    assert client.post(url, data={"objective_id": str(objective.id), "name_en": "Convictions",
                                  "level": "ultimate", "target": "50"}).status_code == 303
    ind = db.session.scalar(select(Indicator))
    assert ind.objective_id == objective.id and ind.commitment_id is None
    assert client.post(f"/en/commitments/indicators/{ind.id}/measurements",
                       data={"measured_on": "2026-03-31", "value": "12"}).status_code == 303
    dash = app.test_client().get(f"/en/commitments/plans/{people.plan.code}").get_data(as_text=True)
    assert "Convictions" in dash and "Ultimate outcome" in dash


def test_my_commitments_show_what_the_cycle_still_needs(people, make, login_as, client):
    a, b, parent, cycle = _cycle_setup(people, make, date.today() + timedelta(days=5))
    make.progress_update(a, people.lead, "submitted", cycle_id=cycle.id)
    login_as(people.lead)
    page = client.get("/en/commitments/mine").get_data(as_text=True)
    assert "reported on 1 of 2 commitments" in page
    assert f"/en/commitments/{b.id}/updates/new" in page
