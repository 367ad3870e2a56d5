"""`concerto search rebuild` on PostgreSQL builds new tables beside the live ones and swaps them in
(pg/maintain.build): searches keep working on the old rows meanwhile, and a change committed by another
web node during the build, or while the swap holds its lock, is searchable after it."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.search import writer
from portal.search.pg import maintain

from .helpers import run

pytestmark = pytest.mark.postgresql_only("the PostgreSQL engine's rebuild")


def _in_other_node(app, fn):
    """fn() in another thread with its own session (another web node), its result or exception."""
    out = {}

    def target():
        with app.app_context():
            try:
                out["value"] = fn()
            except BaseException as exc:   # noqa: BLE001 - given back to the test
                out["error"] = exc
            finally:
                db.session.remove()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def _retitle(model, obj_id, title):
    def change():
        db.session.get(model, obj_id).title_en = title
        db.session.commit()
    return change


def _waiting_for_a_lock() -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation'")).scalar()


def test_changes_committed_during_a_rebuild_are_searchable_after_the_swap(app, search_index, make, monkeypatch):
    first = make.lesson(title_en="Shelters need interpreters", visibility="public")
    second = make.lesson(title_en="Hotlines need funding", visibility="public")
    model = type(first)
    real_documents, real_replay = maintain.iter_all_documents, maintain._documents_now
    seen = {}

    def documents():
        for n, doc in enumerate(real_documents()):
            if n == 0:
                # Another node, while the new table is being filled: searches read the old rows, and it
                # retitles a lesson the build may already have read.
                thread, out = _in_other_node(app, lambda: run(None, "interpreters").total)
                thread.join(30)
                seen["during"] = out.get("value")
                thread, out = _in_other_node(app, _retitle(model, first.id, "Shelters need counsellors"))
                thread.join(30)
                assert "error" not in out, out
            yield doc

    def replay(keys):
        # The swap holds its lock: a node committing now waits, then writes into the new table.
        seen["replayed"] = keys
        thread, out = _in_other_node(app, _retitle(model, second.id, "Hotlines need translators"))
        deadline = time.monotonic() + 10
        while not _waiting_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen["writer_waited"] = bool(_waiting_for_a_lock())
        seen["late_writer"] = (thread, out)
        return real_replay(keys)

    monkeypatch.setattr(maintain, "iter_all_documents", documents)
    monkeypatch.setattr(maintain, "_documents_now", replay)
    count, _seconds = writer.rebuild()
    thread, out = seen["late_writer"]
    thread.join(30)
    assert not thread.is_alive() and "error" not in out, out

    assert count == 2 and seen["during"] == 1
    assert seen["replayed"] == [f"lesson:{first.id}"] and seen["writer_waited"]
    assert run(None, "counsellors").total == 1 and run(None, "interpreters").total == 0
    assert run(None, "translators").total == 1 and run(None, "funding").total == 0
    assert writer.check().ok
    leftovers = db.session.execute(text(
        "SELECT count(*) FROM pg_class WHERE relname IN ('search_rebuild_log', 'search_entries_build',"
        " 'search_words_build', 'search_words_load')")).scalar()
    assert leftovers == 0


def test_a_failed_rebuild_leaves_the_live_table_as_it_was(app, search_index, make, monkeypatch):
    lesson = make.lesson(title_en="Shelters need interpreters", visibility="public")

    def documents():
        yield from ()
        raise RuntimeError("provider failed")

    monkeypatch.setattr(maintain, "iter_all_documents", documents)
    with pytest.raises(RuntimeError):
        writer.rebuild()
    db.session.rollback()
    assert run(None, "interpreters").total == 1
    lesson.title_en = "Shelters need counsellors"     # no rebuild trigger left behind on the live table
    db.session.commit()
    assert run(None, "counsellors").total == 1
    assert db.session.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'search_entries_rebuild_log'"
                                   " OR tgrelid::regclass::text LIKE 'search_%_build'")).scalar() == 0


def test_the_suggestion_words_are_rebuilt_with_the_documents(app, search_index, make):
    make.lesson(title_en="Interpreters", visibility="public")
    db.session.execute(text("INSERT INTO search_words (level, word) VALUES ('public', 'obsolete')"))
    db.session.commit()
    writer.rebuild()
    words = set(db.session.execute(text("SELECT word FROM search_words WHERE level = 'public'")).scalars())
    assert "interpreters" in words and "obsolete" not in words
