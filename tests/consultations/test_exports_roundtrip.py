"""Consultation input for the secretariat as XLSX (consent honoured as in the CSV), and the JSON Lines
export in the importer's format: importing it into the same consultation changes nothing; into another
consultation with the same questions it gives the same input."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from portal.consultations.exports import export_jsonl
from portal.consultations.importers import import_submissions
from portal.consultations.models import Submission
from portal.extensions import db

from .test_consent import TEXTS, _seen, world  # noqa: F401  (the fixture)


def _sheet_text(data: bytes) -> tuple[list, str]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return rows, " ".join(str(v) for r in rows for v in r if v is not None)


def test_xlsx_export_honours_consent_like_the_csv(world, make, login_as, client):  # noqa: F811
    c = world["c"]
    make.submission(c, "publish_anonymous", text="=HYPERLINK(\"http://x\")", publish=True)
    assert client.get(f"/en/consultations/{c.slug}/export.xlsx").status_code in (302, 303, 404)
    login_as(make.user("secretariat"))
    resp = client.get(f"/en/consultations/{c.slug}/export.xlsx")
    assert resp.headers["Cache-Control"] == "no-store"
    rows, text = _sheet_text(resp.data)
    assert _seen(text) == set(TEXTS) and "consent" in rows[0]
    ws = load_workbook(io.BytesIO(resp.data)).worksheets[0]
    formula = next(c for r in ws.iter_rows() for c in r if c.value == "=HYPERLINK(\"http://x\")")
    assert formula.data_type == "s" and ws.freeze_panes == "A2"
    assert ws.cell(row=2, column=rows[0].index("submitted_at") + 1).is_date
    rows, text = _sheet_text(client.get(f"/en/consultations/{c.slug}/export.xlsx?scope=publishable").data)
    assert _seen(text) == {"named", "anon"} and "nom à cacher" not in text and "Ne pas montrer" not in text
    assert "consent" not in rows[0] and "Alex Tremblay" in text


def _input(consultation_id):
    subs = db.session.scalars(select(Submission).where(Submission.consultation_id == consultation_id)
                              .order_by(Submission.submitted_at, Submission.id))
    return [(s.language, s.consent, s.body, s.submitted_at, s.stakeholder_category_id, s.attribution_name,
             sorted((a.question.ref, a.value, a.text) for a in s.answers)) for s in subs]


def test_jsonl_export_imports_back_without_change(world, make):  # noqa: F811
    c = world["c"]
    lines = export_jsonl(c).splitlines()
    assert len(lines) == len(TEXTS)
    before = _input(c.id)
    imported, skipped = import_submissions(c, lines)
    db.session.commit()
    assert (imported, skipped) == (0, len(TEXTS)) and _input(c.id) == before
    other = make.consultation()    # the same questionnaire (the factories' paper)
    imported, skipped = import_submissions(other, lines)
    db.session.commit()
    assert (imported, skipped) == (len(TEXTS), 0)
    assert [r[:4] + r[5:6] for r in _input(other.id)] == [r[:4] + r[5:6] for r in before]
    assert [[x[1:] for x in r[6]] for r in _input(other.id)] == [[x[1:] for x in r[6]] for r in before]
    # and once there, importing again changes nothing either
    assert import_submissions(other, lines) == (0, len(TEXTS))


def test_jsonl_export_is_the_secretariat_s(world, make, login_as, client):  # noqa: F811
    c = world["c"]
    login_as(make.user("committee_member"))
    assert client.get(f"/en/consultations/{c.slug}/export.jsonl").status_code in (403, 404)
    login_as(make.user("secretariat"))
    resp = client.get(f"/en/consultations/{c.slug}/export.jsonl")
    assert resp.status_code == 200 and _seen(resp.get_data(as_text=True)) == set(TEXTS)


def test_choices_are_exported_by_their_labels_in_the_exports_language(make, client, login_as):
    import csv

    from portal.consultations import services

    c = make.consultation()
    multi = services.add_question(c.sections[0], services.QuestionInput(
        kind="multi", text_fr="Lesquels ?", text_en="Which?", choices_fr=["Refuges", "Emploi", "Santé"],
        choices_en=["Shelters", "Jobs", "Health"]), None)
    scale = services.add_question(c.sections[0], services.QuestionInput(kind="scale", text_fr="D'accord ?",
                                                                        text_en="Agree?"), None)
    sub, _ = make.submission(c, "secretariat_only", text="Texte.")
    from portal.consultations.models import Answer

    db.session.add_all([Answer(submission_id=sub.id, question_id=multi.id, value="1,3", text="Surtout le Nord"),
                        Answer(submission_id=sub.id, question_id=scale.id, value="4")])
    db.session.commit()
    login_as(make.user("secretariat"))
    for lang, multi_label, scale_label in (("fr", "Refuges; Santé | Surtout le Nord", "D'accord"),
                                           ("en", "Shelters; Health | Surtout le Nord", "Agree")):
        text = client.get(f"/fr/consultations/{c.slug}/exporter.csv" if lang == "fr" else f"/en/consultations/{c.slug}/export.csv").get_data(as_text=True).lstrip("\ufeff")
        head, row = list(csv.reader(io.StringIO(text)))[:2]
        assert row[head.index(f"Q{multi.ref}")] == multi_label
        assert row[head.index(f"Q{scale.ref}")] == scale_label
        rows, _ = _sheet_text(client.get(f"/fr/consultations/{c.slug}/exporter.xlsx" if lang == "fr" else f"/en/consultations/{c.slug}/export.xlsx").data)
        assert rows[1][rows[0].index(f"Q{multi.ref}")] == multi_label
        assert rows[1][rows[0].index(f"Q{scale.ref}")] == scale_label
    # the importer's format keeps the codes
    assert '"1,3"' in export_jsonl(c)
