"""A full rebuild reads every kind of record the providers index, on both engines: roundtables with their
documents and input, consultations, lessons, commitments and their progress reports (each provider's model is
read in batches, with its eager loads)."""
from __future__ import annotations

from portal.search import writer
from .helpers import run


def test_a_rebuild_indexes_roundtables_input_and_lessons(app, search_index, make):
    consultation = make.consultation()
    rt = make.roundtable(consultation)
    make.roundtable_document(rt)
    make.submission(rt, text="Hébergement sécuritaire pour les survivantes à Gatineau.")
    make.submission(consultation, text="Formation des inspecteurs du travail agricole.")
    make.lesson(title_en="Shelter beds in rural areas")
    rcmp = make.org("RCMP")
    lead = make.user("department_lead", org=rcmp)
    c = make.commitment(make.plan("REBUILD"), "3.1", rcmp, title_en="Hotline")
    make.progress_update(c, lead, "published", secretariat=make.user("secretariat"))
    make.progress_update(c, lead)
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "indexed" in result.output
    assert writer.check().ok
    assert run(None, "shelter").total >= 1


def test_a_rebuild_indexes_each_report_with_its_own_files_and_audience(app, search_index, make):
    """Progress updates are read a batch at a time with their files' text (one query for the batch): each
    file goes to its own report, with that report's audience."""
    from .test_attachment_text import _report, _titles

    rcmp = make.org("RCMP")
    people = {"lead": make.user("department_lead", org=rcmp), "secretariat": make.user("secretariat")}
    plan = make.plan("REBUILD-FILES")
    shown = _report(make, people, make.commitment(plan, "1.1", rcmp, title_en="Training"), "quillfrond", "published")
    _report(make, people, make.commitment(plan, "1.2", rcmp, title_en="Shelters"), "brambleton", "submitted")
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert _titles(None, "quillfrond") == ["rapport.pdf — 1.1 Training"]
    assert _titles(None, "brambleton") == []
    assert _titles(people["secretariat"], "brambleton") == ["rapport.pdf — 1.2 Shelters"]
    assert [h.obj_id for h in run(None, "quillfrond").hits] == [shown.id]
    assert writer.check().ok
