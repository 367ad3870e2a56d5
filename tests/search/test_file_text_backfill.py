"""Files stored before text extraction existed (migration 0146) get their text from the backfill, once: the
records they belong to are re-indexed with their own audience, a second run reads nothing, and a file whose
text cannot be read is left as it is with a log line that names neither its content nor its name."""
from __future__ import annotations

import logging

from sqlalchemy import select, update

from portal import files
from portal.extensions import db
from portal.files import StoredFile

from .helpers import run
from .test_attachment_text import _pdf_upload, _report


def _as_before_0146():
    """What a database upgraded past 0146 holds for older files: no text."""
    db.session.execute(update(StoredFile).values(text=None))
    db.session.commit()


def _reindex_everything(apply):
    from portal.search.writer import rebuild

    db.session.commit()
    rebuild()
    apply()


def test_the_backfill_makes_old_files_searchable_for_those_who_may_see_them_and_runs_once(app, make, apply,
                                                                                           caplog):
    rcmp = make.org("RCMP")
    people = {"lead": make.user("department_lead", org=rcmp), "secretariat": make.user("secretariat")}
    ngo = make.user("ngo_member")
    c = make.commitment(make.plan("BACKFILL"), "3.1", rcmp, title_en="Hotline")
    _report(make, people, c, "oldpublishedword", "published")
    _report(make, people, c, "olddraftword", "draft")
    rt = make.roundtable(make.consultation())
    from portal.consultations import services as cs

    cs.add_document(rt, _pdf_upload("oldtableword"), None)
    broken = files.store(files.Upload(kind="pdf", data=b"%PDF-1.4\nsecretbroken " + b"\x00" * 40,
                                      filename="secret-name.pdf"))
    db.session.commit()
    _as_before_0146()
    _reindex_everything(apply)
    assert run(None, "oldpublishedword").hits == [] and run(None, "oldtableword").hits == []

    with caplog.at_level(logging.WARNING):
        result = app.test_cli_runner().invoke(args=["search", "backfill-file-text"])
    assert result.exit_code == 0, result.output
    assert "3 files read, 1 unreadable" in result.output
    apply()
    assert [h.title for h in run(None, "oldpublishedword").hits] == ["rapport.pdf — 3.1 Hotline"]
    assert len(run(None, "oldtableword").hits) == 1
    # the draft report's file: its organisation and the secretariat, never the public or another member
    assert run(None, "olddraftword").hits == [] and run(ngo, "olddraftword").hits == []
    assert len(run(people["lead"], "olddraftword").hits) == 1
    # the unreadable file: kept as it was, logged by number, kind and size only
    assert db.session.get(StoredFile, broken.id).text is None
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"stored file {broken.id} (pdf," in logged
    assert "secretbroken" not in logged and "secret-name" not in logged

    # again: nothing new is read, nothing is queued
    result = app.test_cli_runner().invoke(args=["search", "backfill-file-text"])
    assert "0 files read, 1 unreadable (logged), 0 records queued" in result.output


def test_the_job_runs_the_backfill_once(app, make, apply):
    from portal.search.jobs import file_text_backfill_job

    rt = make.roundtable(make.consultation())
    from portal.consultations import services as cs

    cs.add_document(rt, _pdf_upload("jobtableword"), None)
    db.session.commit()
    _as_before_0146()
    assert file_text_backfill_job() == "1 files read, 0 unreadable, 1 records queued"
    apply()
    assert len(run(None, "jobtableword").hits) == 1
    _as_before_0146()
    assert file_text_backfill_job() == "already done"
    db.session.commit()
    assert db.session.scalar(select(StoredFile.text).where(StoredFile.text.is_not(None))) is None
