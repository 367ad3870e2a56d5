"""The PostgreSQL engine's own machinery: the index is part of the transaction, rebuild and check work on
the table, deletions and facets, the date of indexing. (Every other search test runs on both engines.)"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.search import writer
from portal.search.outbox import SearchOutbox, enqueue
from portal.search.writer import index_documents

from .helpers import doc, run

pytestmark = pytest.mark.postgresql_only("the PostgreSQL engine's table and commit hook")


def _outbox_count():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def _entry(doc_id: str):
    return db.session.execute(text("SELECT * FROM search_entries WHERE doc_id = :d"), {"d": doc_id}).first()


def test_a_change_is_searchable_when_it_commits(search_index, make):
    lesson = make.lesson(title_en="Hotlines need interpreters", visibility="public")   # commits
    assert [h.obj_id for h in run(None, "interpreters").hits] == [lesson.id]
    assert _outbox_count() == 0
    lesson.title_en = "Shelters need interpreters"
    db.session.commit()
    assert run(None, "shelters").total == 1 and run(None, "hotlines").total == 0
    lesson.visibility = "secretariat"
    db.session.commit()
    assert run(None, "interpreters").total == 0
    db.session.delete(lesson)
    db.session.commit()
    assert _entry(f"lesson:{lesson.id}") is None and _outbox_count() == 0


def test_a_rolled_back_change_never_reaches_the_index(search_index, make):
    lesson = make.lesson(title_en="Committed shelters")
    lesson.title_en = "Uncommitted words"
    db.session.flush()
    db.session.rollback()
    assert run(None, "uncommitted").total == 0 and run(None, "shelters").total == 1


def test_a_failure_while_indexing_fails_the_change_and_loses_nothing(search_index, make, monkeypatch):
    lesson = make.lesson(title_en="Recruitment fees are exorbitant")

    def boom(*a, **k):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("portal.search.pg.store.row", boom)
    lesson.title_en = "Recruitment agencies"
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()
    monkeypatch.undo()
    assert db.session.get(type(lesson), lesson.id).title_en == "Recruitment fees are exorbitant"
    assert run(None, "exorbitant").total == 1 and run(None, "agencies").total == 0


def test_rows_left_in_the_outbox_are_applied_by_the_next_commit_or_the_job(search_index, make):
    lesson = make.lesson(title_en="Regional coordinators")
    db.session.execute(text("DELETE FROM search_entries"))
    db.session.execute(SearchOutbox.__table__.insert().values(doc_type="lesson", obj_id=lesson.id, op="upsert"))
    db.session.info.pop("search_pending", None)
    db.session.commit()
    assert run(None, "coordinators").total == 0
    assert writer.apply_outbox() == 1
    assert run(None, "coordinators").total == 1 and _outbox_count() == 0
    enqueue("lesson", lesson.id)        # a hand-queued re-index goes with its commit
    db.session.commit()
    assert _outbox_count() == 0


def test_rebuild_and_check(app, search_index, make):
    lesson = make.lesson(title_en="Data collection")
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    writer.remove_from_index(f"lesson:{lesson.id}")
    index_documents([doc("lesson", 999, title_en="Not in the database")])
    drift = writer.check()
    assert drift.missing == [f"lesson:{lesson.id}"] and drift.extra == ["lesson:999"]
    other = make.lesson(title_en="Shelter beds")
    db.session.execute(text("UPDATE search_entries SET hash = 'old' WHERE doc_id = :d"), {"d": f"lesson:{other.id}"})
    db.session.commit()
    assert writer.check().stale == [f"lesson:{other.id}"]
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "indexed" in result.output, result.output
    assert writer.check().ok and run(None, "collection").total == 1 and run(None, "beds").total == 1


def test_an_unchanged_document_keeps_its_date_of_indexing(search_index, make):
    lesson = make.lesson(title_en="Stable")
    db.session.execute(text("UPDATE search_entries SET indexed_at = 1000 WHERE doc_id = :d"),
                       {"d": f"lesson:{lesson.id}"})
    db.session.commit()
    enqueue("lesson", lesson.id)
    db.session.commit()
    writer.rebuild()
    assert _entry(f"lesson:{lesson.id}").indexed_at == 1000
    lesson.title_en = "Changed"
    db.session.commit()
    assert _entry(f"lesson:{lesson.id}").indexed_at > 1000


def test_deletions_facets_and_phrases(search_index):
    index_documents([doc("lesson", i, title_en=f"Shelter report {i}", body_en="shelter " * (i % 4 + 1))
                     for i in range(1, 10)])
    r = run(None, "shelter", per_page=20)
    assert r.total == 9 and sorted(h.obj_id for h in r.hits) == list(range(1, 10))
    index_documents([], remove_keys=["lesson:2"])
    r = run(None, "shelter", per_page=20)
    assert r.total == 8 and 2 not in [h.obj_id for h in r.hits]
    assert dict(r.facets["type"])["lesson"] == 8
    assert [h.obj_id for h in run(None, '"shelter report 7"').hits] == [7]


def test_documents_are_indexed_with_the_french_and_english_configurations(search_index):
    index_documents([doc("lesson", 1, title_fr="Les travailleuses étrangères", body_en="Forced labour")])
    row = db.session.execute(text("SELECT tsv_fr::text AS fr, tsv_en::text AS en FROM search_entries")).one()
    assert "'etrangere':3A" in row.fr or "'etranger':3A" in row.fr    # unaccented, stemmed, title weight A
    assert "'labour':2" in row.en and "'forc':1" in row.en


def test_a_large_tier_ranks_its_newest_matches_and_the_tiers_below_follow_it(search_index, monkeypatch):
    """The bounded ranking, with the bounds made small: both ways of finding a tier's newest matches (the
    date-order probe for a tier that is most of the table, the GIN indexes for a sparse one) give the same
    pages, every tier-1 document before any other, no document twice, none left out."""
    from datetime import date

    from portal.search.pg import engine

    docs = [doc("lesson", i, title_en=f"Shelter {'hotline' if i % 2 == 0 else 'beds'} {i}",
                date=date(2020, 1, 1 + i) if i != 5 else None) for i in range(1, 25)]
    docs += [doc("lesson", 100, title_en="Hotline only")]
    index_documents(docs)
    monkeypatch.setattr(engine, "RANK_CANDIDATES", 4)

    def pages(q):
        hits = [h for page in (1, 2, 3, 4, 5) for h in run(None, q, per_page=6, page=page).hits]
        return [h.obj_id for h in hits]

    monkeypatch.setattr(engine, "PROBE", 12)       # 25 matches: page 1 finds its 6 in the 12 newest
    probed = pages("shelter hotline")
    monkeypatch.setattr(engine, "PROBE", 10_000)   # never probes
    assert pages("shelter hotline") == probed
    tier1 = set(range(2, 25, 2))
    assert set(probed[:len(tier1)]) == tier1 and sorted(probed) == sorted(set(probed))
    assert set(probed) == set(range(1, 25)) | {100}
    newest = run(None, "shelter", sort="recent", per_page=30).hits
    assert [h.obj_id for h in newest][:3] == [24, 23, 22] and newest[-1].obj_id == 5   # undated last
