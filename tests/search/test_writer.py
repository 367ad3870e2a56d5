"""Keeping the index true: outbox, crash safety, rebuild, check, a broken index."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from portal.extensions import db
from portal.search import writer
from portal.search.index import index_path
from portal.search.outbox import SearchOutbox

from .helpers import run


def _outbox_count():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def test_a_change_is_searchable_after_the_outbox_is_applied(apply, make):
    lesson = make.lesson(title_en="Hotlines need interpreters", visibility="public")
    assert _outbox_count() >= 1
    assert run(None, "interpreters").total == 0
    apply()
    assert _outbox_count() == 0
    assert [h.obj_id for h in run(None, "interpreters").hits] == [lesson.id]
    lesson.title_en = "Shelters need interpreters"
    apply()
    assert run(None, "shelters").total == 1 and run(None, "hotlines").total == 0
    db.session.delete(lesson)
    apply()
    assert run(None, "interpreters").total == 0


def test_a_crash_before_the_index_commit_loses_nothing(apply, make, monkeypatch):
    make.lesson(title_en="Recruitment fees are exorbitant")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("portal.search.writer.to_fields", boom)
    with pytest.raises(RuntimeError):
        apply()
    assert _outbox_count() >= 1  # rows are deleted only after the index commit
    monkeypatch.undo()
    apply()
    assert run(None, "recruitment").total == 1 and _outbox_count() == 0


def test_check_detects_a_document_removed_behind_the_portals_back(app, apply, make):
    lesson = make.lesson(title_en="Data collection")
    apply()
    runner = CliRunner()
    from portal.search.cli import cli

    ok = runner.invoke(cli, ["check"], obj=app.cli, catch_exceptions=False) if False else None  # noqa: F841
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    writer.remove_from_index(f"lesson:{lesson.id}")
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"missing: lesson:{lesson.id}" in result.output
    drift = writer.check()
    assert drift.missing == [f"lesson:{lesson.id}"]


def test_check_detects_stale_and_extra_documents(apply, make):
    lesson = make.lesson(title_en="Before")
    apply()
    db.session.execute(SearchOutbox.__table__.delete())
    lesson.title_en = "After"
    db.session.commit()
    db.session.execute(SearchOutbox.__table__.delete())  # the change never reaches the index
    db.session.commit()
    assert writer.check().stale == [f"lesson:{lesson.id}"]


def test_rebuild_builds_beside_and_swaps_in(app, apply, make):
    make.lesson(title_en="Regional coordinators")
    apply()
    old = index_path().resolve()
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert index_path().resolve() != old and not old.exists()
    assert run(None, "coordinators").total == 1
    assert writer.check().ok


def test_a_missing_or_corrupt_index_says_unavailable_and_the_job_rebuilds_it(app, client, apply, make):
    make.lesson(title_en="Awareness campaigns")
    apply()
    target = index_path().resolve()
    for f in target.iterdir():
        if f.suffix == ".toc":
            f.write_bytes(b"garbage")
    from portal.search.index import holder

    holder().reset()
    for lang, text in (("en", "Search is temporarily unavailable"), ("fr", "La recherche est temporairement indisponible")):
        resp = client.get(f"/{lang}/search?q=awareness")
        assert resp.status_code == 503 and text in resp.get_data(as_text=True)
    assert client.get("/en/search/lessons").status_code == 200  # the rest of the portal works
    assert client.get("/api/v1/search?q=awareness").status_code == 503
    from portal.search.jobs import apply_outbox_job

    assert "rebuilt" in str(apply_outbox_job())
    assert client.get("/en/search?q=awareness").status_code == 200
    assert run(None, "awareness").total == 1
    shutil.rmtree(index_path().resolve())
    index_path().unlink()
    holder().reset()
    assert client.get("/en/search?q=awareness").status_code == 503
    apply_outbox_job()
    assert run(None, "awareness").total == 1


def test_after_commit_wakes_the_background_writer(app, search_index, make, monkeypatch):
    woken = []
    monkeypatch.setitem(app.config, "SEARCH_APPLY_AFTER_COMMIT", True)
    monkeypatch.setattr(writer, "background_writer", lambda a: type("W", (), {"wake": lambda self: woken.append(1)})())
    make.lesson(title_en="Wake up")
    assert woken


def test_reindexing_an_unchanged_document_keeps_its_date_of_indexing(apply, make):
    from portal.search.index import holder

    lesson = make.lesson(title_en="Stable")
    apply()
    first = holder().searcher().document(id=f"lesson:{lesson.id}")["indexed_at"]
    import time

    time.sleep(1.1)
    from portal.search.outbox import enqueue

    enqueue("lesson", lesson.id)
    apply()
    writer.rebuild()
    holder().reset()
    assert holder().searcher().document(id=f"lesson:{lesson.id}")["indexed_at"] == first


def test_single_process_server_indexes_right_after_commit_in_the_background(app, search_index, make, monkeypatch):
    import time

    monkeypatch.setitem(app.config, "SEARCH_APPLY_AFTER_COMMIT", True)
    lesson = make.lesson(title_en="Background writer finds me")  # commits: wakes the writer thread
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and run(None, "background writer").total == 0:
        time.sleep(0.05)
    assert [h.obj_id for h in run(None, "background writer").hits] == [lesson.id]
    while time.monotonic() < deadline and _outbox_count():  # rows go only after the index commit
        db.session.rollback()
        time.sleep(0.05)
    assert _outbox_count() == 0
