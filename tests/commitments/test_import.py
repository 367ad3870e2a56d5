"""CSV import: upsert by ref, all or nothing, every bad row reported with its line; CLI and web."""
import io

from sqlalchemy import select

from portal.commitments.importers import COLUMNS, csv_safe, export_rows, import_commitments, to_csv
from portal.commitments.models import Commitment
from portal.extensions import db

HEADER = ",".join(COLUMNS)


def _csv(*rows):
    return HEADER + "\n" + "\n".join(rows) + "\n"


GOOD = _csv(
    "1.11,,prevention,,Tâche,Task,,,PS,RCMP;CBSA:co_lead,,,ongoing,",
    "1.11.1,1.11,prevention,,Livrable un,Deliverable one,,,RCMP,,2012-04-01,2012-2013,completed,100",
    "1.11.2,1.11,prevention,,Livrable deux,Deliverable two,,,RCMP,,,ongoing,on_track,40",
    "1.11.2.1,1.11.2,prevention,,Sous-livrable,Sub-deliverable,,,RCMP,,,2027-01-31,not_started,",
)


def test_import_creates_tree_and_rolls_up(people):
    report = import_commitments(people.plan, GOOD)
    db.session.commit()
    assert report.ok and len(report.created) == 4
    task = db.session.scalar(select(Commitment).where(Commitment.ref == "1.11"))
    sub = db.session.scalar(select(Commitment).where(Commitment.ref == "1.11.2.1"))
    assert sub.parent.parent is task
    assert sub.progress == 0  # default progress of "not started"
    # 1.11.2 rolls up from its only child; 1.11 averages 100 and 0
    assert sub.parent.progress == 0 and task.progress == 50
    deliverable = db.session.scalar(select(Commitment).where(Commitment.ref == "1.11.1"))
    assert deliverable.due_kind == "fiscal_year" and deliverable.due_date.isoformat() == "2013-03-31"
    assert task.owner_organisation_ids == {people.ps.id, people.cbsa.id}


def test_import_upserts_by_ref(people):
    import_commitments(people.plan, GOOD)
    db.session.commit()
    again = GOOD.replace("Deliverable one", "Deliverable one renamed")
    report = import_commitments(people.plan, again)
    db.session.commit()
    assert report.updated == ["1.11.1"] and len(report.unchanged) == 3 and not report.created
    assert db.session.query(Commitment).count() == 4
    dry = import_commitments(people.plan, again.replace("Livrable deux", "Livrable 2"), dry_run=True)
    assert dry.updated == ["1.11.2"] and len(dry.unchanged) == 3


def test_bad_file_changes_nothing_and_lists_every_bad_row(people):
    bad = _csv(
        "1.11,,prevention,,Tâche,Task,,,PS,,,,ongoing,",
        "1.11.1,1.11,prevention,,Un,One,,,RCMP,,,,completed,150",
        "1.11.2,1.11,prevention,,Deux,Two,,,NOPE,,,,on_track,",
        "1.11.3,1.11,prevention,,Trois,Three,,,RCMP,,2013-05-01,2012-2013,on_track,",
        "1.11.4,1.11,prevention,,Quatre,Four,,,RCMP,,,2013-2012,on_track,",
        "1.11.4,1.11,prevention,,Quatre bis,Four again,,,RCMP,,,,on_track,",
        "1.11.5,9.99,prevention,,Cinq,Five,,,RCMP,,,,weird,",
    )
    report = import_commitments(people.plan, bad)
    db.session.commit()
    lines = [line for line, _ in report.errors]
    assert lines == [3, 4, 5, 6, 7, 8]
    reasons = dict(report.errors)
    assert "between 0 and 100" in reasons[3]
    assert "Unknown organisation “NOPE”" in reasons[4]
    assert "before the start date" in reasons[5]
    assert "not a fiscal year" in reasons[6]
    assert "appears twice" in reasons[7]
    assert "Unknown parent" in reasons[8] and "Unknown status" in reasons[8]
    assert db.session.query(Commitment).count() == 0


def test_header_and_dry_run(people):
    report = import_commitments(people.plan, "ref,title\n1,x\n")
    assert not report.ok and "Missing columns" in report.errors[0][1]
    report = import_commitments(people.plan, GOOD, dry_run=True)
    db.session.commit()
    assert report.ok and len(report.created) == 4
    assert db.session.query(Commitment).count() == 0


def test_loops_are_refused(people):
    import_commitments(people.plan, GOOD)
    db.session.commit()
    loop = _csv("1.11,1.11.2.1,prevention,,Tâche,Task,,,PS,,,,ongoing,")
    report = import_commitments(people.plan, loop)
    assert not report.ok and "sub-item" in report.errors[0][1]


def test_export_round_trip_and_formula_escape(people):
    import_commitments(people.plan, GOOD.replace("Deliverable two", "=HYPERLINK(1)"))
    db.session.commit()
    rows = export_rows(list(db.session.scalars(select(Commitment).order_by(Commitment.sort_key))))
    assert rows[0][:len(COLUMNS)] == list(COLUMNS)
    body = to_csv(rows)
    assert "'=HYPERLINK(1)" in body
    assert csv_safe("+1") == "'+1" and csv_safe("-x") == "'-x" and csv_safe("@a") == "'@a" and csv_safe("ok") == "ok"


def test_web_import_for_the_secretariat_only(people, login_as, client):
    login_as(people.lead)
    url = f"/en/commitments/plans/{people.plan.code}/import"
    assert client.get(url).status_code == 403
    login_as(people.secretariat)
    resp = client.post(url, data={"file": (io.BytesIO(GOOD.encode()), "c.csv"), "dry_run": "y"},
                       content_type="multipart/form-data")
    assert resp.status_code == 200 and "Importing it would create 4" in resp.get_data(as_text=True)
    assert db.session.query(Commitment).count() == 0
    bad = GOOD.replace("completed,100", "completed,150")
    resp = client.post(url, data={"file": (io.BytesIO(bad.encode()), "c.csv")}, content_type="multipart/form-data")
    assert "Line 3:" in resp.get_data(as_text=True)
    assert db.session.query(Commitment).count() == 0
    resp = client.post(url, data={"file": (io.BytesIO(GOOD.encode()), "c.csv")}, content_type="multipart/form-data")
    assert resp.status_code == 303
    assert db.session.query(Commitment).count() == 4


def test_cli_import_and_report(app, people, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(GOOD.replace("completed,100", "completed,150"), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["commitments", "import", str(path), "--plan", people.plan.code])
    assert result.exit_code != 0 and "line 3" in result.output
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["commitments", "import", str(path), "--plan", people.plan.code, "--dry-run"])
    assert result.exit_code == 0 and "4 to create" in result.output
    assert db.session.query(Commitment).count() == 0
    result = runner.invoke(args=["commitments", "import", str(path), "--plan", people.plan.code])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.query(Commitment).count() == 4
    out = tmp_path / "report.html"
    result = runner.invoke(args=["commitments", "report", "--plan", people.plan.code, "--year", "2012-2013",
                                 "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html and "<style>" in html
    assert "Livrable un" in html and 'rel="stylesheet"' not in html and "<script" not in html
    result = runner.invoke(args=["commitments", "report", "--plan", people.plan.code, "--year", "2013-2012",
                                 "--out", str(out)])
    assert result.exit_code != 0


def test_report_shows_the_standing_at_year_end(people, make, app):
    c = make.commitment(people.plan, "1.1", people.rcmp, title_en="Reported one")
    from datetime import date

    make.progress_update(c, people.lead, "published", secretariat=people.secretariat, status="at_risk",
                         progress=30, as_of=date(2013, 2, 1), narrative_en="Year one text")
    make.progress_update(c, people.lead, "published", secretariat=people.secretariat, status="completed",
                         progress=100, as_of=date(2014, 2, 1), narrative_en="Year two text")
    page = app.test_client().get(f"/en/commitments/plans/{people.plan.code}/report/2012-2013").get_data(as_text=True)
    assert "Year one text" in page and "Year two text" not in page
    assert "At risk" in page and "30 %" in page
    page = app.test_client().get(f"/en/commitments/plans/{people.plan.code}/report/2013-2014").get_data(as_text=True)
    assert "Year two text" in page and "100 %" in page


def test_report_offers_the_plan_years(people, app):
    from datetime import date

    from portal.commitments.report import plan_fiscal_years

    people.plan.period_start, people.plan.period_end = date(2017, 4, 1), date(2018, 5, 31)
    assert plan_fiscal_years(people.plan, "2017-2018") == ["2017-2018", "2018-2019"]
    assert plan_fiscal_years(people.plan, "2025-2026") == ["2017-2018", "2018-2019", "2025-2026"]


def test_a_superscript_digit_is_a_clear_error_on_its_row(people):
    """`"²".isdigit()` is true but int("²") fails: weight and progress are read in ASCII digits only."""
    header = HEADER + ",weight"
    bad = (header + "\n" + "1.11,,prevention,,Tâche,Task,,,PS,,,,ongoing,,²\n"
           + "1.12,,prevention,,Tâche,Task,,,PS,,,,on_track,٣,\n")
    report = import_commitments(people.plan, bad)
    reasons = dict(report.errors)
    assert sorted(reasons) == [2, 3]
    assert "weight must be a whole number from 1 to 1000 (found “²”)" in reasons[2]
    assert "Progress must be a whole number from 0 to 100" in reasons[3]
    assert db.session.query(Commitment).count() == 0
