"""A parent narrowing narrows its children in the index, in the same transaction's outbox (a plan sent back
to draft, a consultation changed from public to the committee), and the hourly `search.check` job repairs and
logs any drift it finds."""
from __future__ import annotations

import logging

from flask_login import AnonymousUserMixin

from portal.extensions import db
from portal.search.writer import check, index_documents

from .helpers import doc, run

VISITOR = AnonymousUserMixin()


def test_a_plan_sent_back_to_draft_hides_its_commitments(apply, make):
    plan = make.plan("NAP-K")
    make.commitment(plan, "1.1", title_en="Zanzibarine hotline", title_fr="Ligne zanzibarine", visibility="public")
    apply()
    assert run(VISITOR, "zanzibarine").total == 1
    plan.status = "draft"
    db.session.commit()
    apply()
    result = run(VISITOR, "zanzibarine")
    assert result.total == 0 and not result.hits and not any(result.facets.values())
    assert check().ok


def test_a_consultation_moved_to_the_committee_takes_its_roundtables_and_input_with_it(apply, make):
    c = make.consultation()
    rt = make.roundtable(c)
    make.submission(c, "publish_anonymous", text="Les refuges quarkonesques manquent.", publish=True)
    apply()
    assert {h.type for h in run(VISITOR, "Quebec").hits} >= {"key_point"}
    assert run(VISITOR, "quarkonesques", lang="fr").total == 1
    c.audience = "committee"
    db.session.commit()
    apply()
    assert run(VISITOR, "Quebec").total == 0 and run(VISITOR, "quarkonesques", lang="fr").total == 0
    assert run(VISITOR, rt.title_en).total == 0
    committee = make.user("committee_member")
    assert run(committee, "quarkonesques", lang="fr").total == 1 and run(committee, "Quebec").total >= 1
    assert check().ok


def test_the_check_job_repairs_and_logs_drift(apply, make, caplog):
    from portal.search.jobs import check_job

    lesson = make.lesson(title_en="Ferries and ports", visibility="public")
    apply()
    # Drift: the index lost the lesson and holds a document nothing in the database says.
    index_documents([doc("lesson", 4242, "public", title_en="Ghost ferries")], remove_keys=[f"lesson:{lesson.id}"])
    assert not check().ok and run(VISITOR, "ferries").hits[0].obj_id == 4242
    with caplog.at_level(logging.WARNING):
        assert check_job().startswith("repaired")
    assert "search drift repaired" in caplog.text
    apply()
    assert check().ok and [h.obj_id for h in run(VISITOR, "ferries").hits] == [lesson.id]
    assert check_job() == "no drift"


def test_the_check_job_is_scheduled(app):
    from portal.jobs import load_jobs

    job = load_jobs()["search.check"]
    assert job.trigger == "interval" and job.trigger_args == {"hours": 1}
