"""Spreadsheets in and out, losslessly: the portal's own export (CSV or XLSX) imports back without a change;
columns left out keep what the commitment says; status labels in either language; every error in one pass."""
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from portal.commitments import services
from portal.commitments.importers import COLUMNS, export_rows, export_sheet, import_commitments, to_csv
from portal.commitments.models import Commitment
from portal.extensions import db
from portal.spreadsheets import to_xlsx


def _tree(make, people):
    plan = people.plan
    task = make.commitment(plan, "1.11", people.ps, title_en="Task", title_fr="Tâche",
                           description_en="- first\n- second", partners=[("CBSA", "co_lead"), ("RCMP", "support")],
                           jurisdictions=["ON", "QC"], due="2012-2013", start="2012-04-01")
    make.commitment(plan, "1.11.1", people.rcmp, parent_ref="1.11", title_en="=HYPERLINK(\"x\")", weight=5,
                    status="completed", progress="100", due="2013-01-31")
    make.commitment(plan, "1.11.2", people.rcmp, parent_ref="1.11", title_en="Two", status="on_track",
                    progress="40", due="ongoing")
    make.commitment(plan, "1.12", people.rcmp, title_fr="Interne seulement", visibility="internal",
                    description_fr="+ plus")
    db.session.refresh(task)
    return task


def _snapshot(plan):
    rows = db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id).order_by(Commitment.ref))
    return [(c.ref, c.parent_id, c.title_fr, c.title_en, c.description_fr, c.description_en, c.lead_organisation_id,
             sorted((p.organisation_id, p.role) for p in c.partners), c.start_date, c.due_kind, c.due_date,
             c.due_fiscal_year, c.status, c.progress, c.weight, c.visibility, c.jurisdictions, c.pillar_id,
             c.updated_at) for c in rows]


def _all(plan):
    return list(db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id)
                                   .order_by(Commitment.sort_key)))


def test_weight_5_deliverable_keeps_its_weight_and_the_parent_its_progress(make, people):
    task = _tree(make, people)
    assert task.progress == 90   # (5 x 100 + 1 x 40) / 6; weight reset to 1 would give 70
    before = _snapshot(people.plan)
    report = import_commitments(people.plan, to_csv(export_rows(_all(people.plan))))
    db.session.commit()
    assert report.ok and report.updated == [] and len(report.unchanged) == 4
    assert _snapshot(people.plan) == before
    assert db.session.get(Commitment, task.id).progress == 90


def test_xlsx_export_imports_back_unchanged(make, people):
    _tree(make, people)
    before = _snapshot(people.plan)
    content = to_xlsx([export_sheet(_all(people.plan), "Commitments")])
    report = import_commitments(people.plan, content)
    db.session.commit()
    assert report.ok and report.updated == [] and len(report.unchanged) == 4
    assert _snapshot(people.plan) == before


def test_xlsx_cells_are_typed_and_formulas_stay_text(make, people):
    _tree(make, people)
    wb = load_workbook(io.BytesIO(to_xlsx([export_sheet(_all(people.plan), "Commitments")])))
    ws = wb["Commitments"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and header[:len(COLUMNS)] == list(COLUMNS)
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["1.11"]["start"].date() == date(2012, 4, 1) and rows["1.11"]["due"] == "2012-2013"
    assert rows["1.11.1"]["due"].date() == date(2013, 1, 31) and rows["1.11.1"]["weight"] == 5
    cell = next(c for c in ws["F"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"   # shown as text, never run
    assert ws.column_dimensions["F"].width > len("title_en")


def test_columns_left_out_keep_the_commitment_values(make, people):
    _tree(make, people)
    before = _snapshot(people.plan)
    # ref, lead and titles only: no description, weight, visibility, status or progress columns
    text = "ref,title_en,lead\n1.11.1,=HYPERLINK(\"x\"),RCMP\n1.12,Commitment,RCMP\n"
    report = import_commitments(people.plan, text)
    db.session.commit()
    assert report.ok and report.updated == [] and len(report.unchanged) == 2
    assert _snapshot(people.plan) == before


def test_new_rows_without_description_columns(people):
    text = "ref,title_fr,title_en,lead,status\n2.1,Deux,Two,RCMP,\n"
    report = import_commitments(people.plan, text)
    db.session.commit()
    assert report.ok and report.created == ["2.1"]
    c = db.session.scalar(select(Commitment).where(Commitment.ref == "2.1"))
    assert c.description_en == "" and c.weight == 1 and c.visibility == "public" and c.status == "not_started"


def test_status_labels_in_both_languages(people):
    text = "ref,title_en,lead,status\n3.1,One,RCMP,On track\n3.2,Two,RCMP,En bonne voie\n3.3,Three,RCMP,completed\n"
    report = import_commitments(people.plan, text)
    db.session.commit()
    assert report.ok, report.errors
    got = dict(db.session.execute(select(Commitment.ref, Commitment.status).where(Commitment.ref.like("3.%"))).all())
    assert got == {"3.1": "on_track", "3.2": "on_track", "3.3": "completed"}


def test_every_error_in_one_pass_loops_included(make, people):
    _tree(make, people)
    text = ("ref,parent_ref,title_en,lead,status,weight\n"
            "1.11,1.11.2,Task,PS,ongoing,1\n"        # would loop: 1.11.2 is under 1.11
            "1.12,,Internal,NOPE,ongoing,1\n"        # unknown organisation
            "1.13,,New,RCMP,Perhaps,1\n"             # unknown status
            "1.14,,New,RCMP,on_track,heavy\n"       # not a weight
            "5.1,5.2,Loop one,RCMP,on_track,1\n"    # a loop among new rows of the file
            "5.2,5.1,Loop two,RCMP,on_track,1\n")
    report = import_commitments(people.plan, text)
    lines = [line for line, _r in report.errors]
    assert lines == [2, 3, 4, 5, 6, 7]
    reasons = dict(report.errors)
    assert "sub-items" in reasons[2] and "NOPE" in reasons[3] and "Perhaps" in reasons[4]
    assert "weight" in reasons[5] and "sub-item of itself" in reasons[6] and "sub-item of itself" in reasons[7]
    assert db.session.scalar(select(Commitment).where(Commitment.ref == "5.1")) is None


def test_web_export_xlsx_and_import_it_back(make, people, login_as, client):
    _tree(make, people)
    services.save_spending(db.session.scalar(select(Commitment).where(Commitment.ref == "1.11.1")),
                           services.SpendingInput("2012-2013", "1500.50", "1500.50"), None)
    db.session.commit()
    before = _snapshot(people.plan)
    login_as(people.secretariat)
    resp = client.get(f"/en/commitments/plans/{people.plan.code}/commitments.xlsx")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["Commitments", "Partners", "Spending", "Indicators"]
    spend = list(wb["Spending"].iter_rows(min_row=2, values_only=True))
    assert spend[0][:5] == ("1.11.1", "2012-2013", "dedicated", 1500.5, 1500.5)
    assert wb["Spending"]["D2"].number_format == "#,##0.00"
    resp = client.post(f"/en/commitments/plans/{people.plan.code}/import",
                       data={"file": (io.BytesIO(resp.data), "export.xlsx")}, content_type="multipart/form-data")
    assert resp.status_code == 303
    assert _snapshot(people.plan) == before


def test_visitors_export_only_what_they_may_see(make, people, client):
    _tree(make, people)
    wb = load_workbook(io.BytesIO(client.get(f"/fr/engagements/plans/{people.plan.code}/engagements.xlsx").data))
    assert wb.sheetnames[0] == "Engagements"
    refs = [r[0] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "1.12" not in refs and "1.11" in refs
