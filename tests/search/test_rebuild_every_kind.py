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
