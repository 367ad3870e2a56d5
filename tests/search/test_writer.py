"""Keeping the index true: outbox, crash safety, rebuild, check, a broken index."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.search import writer
from portal.search.index import index_path
from portal.search.outbox import SearchOutbox

from .helpers import run


def _outbox_count():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


@pytest.mark.whoosh_only("the outbox writer; in PostgreSQL a change is searchable when it commits (test_pg_engine.py)")
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


@pytest.mark.whoosh_only("the Whoosh commit after the database one; in PostgreSQL both are one transaction (test_pg_engine.py)")
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
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    writer.remove_from_index(f"lesson:{lesson.id}")
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"missing: lesson:{lesson.id}" in result.output
    drift = writer.check()
    assert drift.missing == [f"lesson:{lesson.id}"]


@pytest.mark.whoosh_only("drops outbox rows the PostgreSQL engine applies at commit (test_pg_engine.py changes the table instead)")
def test_check_detects_stale_and_extra_documents(apply, make):
    lesson = make.lesson(title_en="Before")
    apply()
    db.session.execute(SearchOutbox.__table__.delete())
    lesson.title_en = "After"
    db.session.commit()
    db.session.execute(SearchOutbox.__table__.delete())  # the change never reaches the index
    db.session.commit()
    assert writer.check().stale == [f"lesson:{lesson.id}"]


@pytest.mark.whoosh_only("index generations on disk (test_pg_engine.py rebuilds the table)")
def test_rebuild_builds_beside_and_swaps_in(app, apply, make):
    make.lesson(title_en="Regional coordinators")
    apply()
    old = index_path().resolve()
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert index_path().resolve() != old and not old.exists()
    assert run(None, "coordinators").total == 1
    assert writer.check().ok


@pytest.mark.whoosh_only("index files on disk; in PostgreSQL the index is in the database")
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
        resp = client.get("/fr/recherche?q=awareness" if lang == "fr" else "/en/search?q=awareness")
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


@pytest.mark.whoosh_only("the background Whoosh writer thread")
def test_after_commit_wakes_the_background_writer(app, search_index, make, monkeypatch):
    woken = []
    monkeypatch.setitem(app.config, "SEARCH_APPLY_AFTER_COMMIT", True)
    monkeypatch.setattr(writer, "background_writer", lambda a: type("W", (), {"wake": lambda self: woken.append(1)})())
    make.lesson(title_en="Wake up")
    assert woken


@pytest.mark.whoosh_only("reads Whoosh's stored fields (test_pg_engine.py reads the table)")
def test_reindexing_an_unchanged_document_keeps_its_date_of_indexing(search_index, make):
    from portal.search.index import holder
    from portal.search.outbox import enqueue

    def indexed_at(lesson):
        return holder().searcher().document(id=f"lesson:{lesson.id}")["indexed_at"]

    lesson = make.lesson(title_en="Stable")
    changed = make.lesson(title_en="Changing")
    writer.apply_outbox(clock=lambda: 1_000_000)
    assert indexed_at(lesson) == indexed_at(changed) == 1_000_000
    enqueue("lesson", lesson.id)
    changed.title_en = "Changed"
    db.session.commit()
    writer.apply_outbox(clock=lambda: 2_000_000)  # a week later, say
    writer.rebuild(clock=lambda: 3_000_000)
    holder().reset()
    assert indexed_at(lesson) == 1_000_000 and indexed_at(changed) == 2_000_000


@pytest.mark.whoosh_only("the background Whoosh writer thread")
def test_single_process_server_indexes_right_after_commit_in_the_background(app, search_index, make, monkeypatch):
    import threading

    applied = threading.Event()
    real = writer.apply_outbox

    def apply_and_tell(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        finally:
            applied.set()

    monkeypatch.setattr(writer, "apply_outbox", apply_and_tell)  # what the writer thread calls
    monkeypatch.setitem(app.config, "SEARCH_APPLY_AFTER_COMMIT", True)
    lesson = make.lesson(title_en="Background writer finds me")  # commits: wakes the writer thread
    for _run in range(5):  # a run may have started before the commit (the thread also wakes every 30 s)
        assert applied.wait(timeout=30), "the background writer did not run"
        applied.clear()
        db.session.rollback()  # see what the writer's own transaction committed
        found, pending = [h.obj_id for h in run(None, "background writer").hits], _outbox_count()
        db.session.rollback()  # and hold no read transaction while it writes
        if found and not pending:
            break
    assert found == [lesson.id] and pending == 0  # rows go only after the index commit
