"""The lessons demo: the 2016-2017 evaluation's findings, lessons with their sources, two lessons informing
commitments of the commitments demo; idempotent and searchable."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.lessons import demo
from portal.lessons.models import EvaluationFinding, Lesson
from portal.links import Link

from ..search.helpers import run


def _load_demos():
    from portal.commitments import demo as commitments_demo
    from portal.demo import load_organisations
    from portal.search import demo as search_demo

    load_organisations()
    commitments_demo.load(lambda _line: None)
    search_demo.load(lambda _line: None)
    demo.load(lambda _line: None)


def test_demo_loads_findings_and_lessons_with_sources_and_is_searchable(apply):
    _load_demos()
    demo.load(lambda _line: None)  # a second load adds nothing
    assert db.session.scalar(select(func.count()).select_from(EvaluationFinding)) == 14
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 12
    sources = db.session.scalars(select(Link).where(Link.target_type == "lesson")).all()
    assert len(sources) >= 10 and all(link.source_type == "evaluation_finding" for link in sources)
    apply()
    assert run(None, "TRP", lang="en").total >= 2
    hidden = db.session.scalar(select(Lesson).where(Lesson.visibility == "secretariat"))
    for q, lang in (("coordonnateurs régionaux", "fr"), ("regional coordinators", "en")):
        assert hidden.id not in [h.obj_id for h in run(None, q, lang=lang).hits if h.type == "lesson"]


def test_demo_lessons_inform_the_commitments_they_are_about(apply):
    from portal.links import resolve

    _load_demos()
    informs = db.session.scalars(select(Link).where(Link.relation == "informs")).all()
    titles = [str(resolve("commitment", link.target_id).title).lower() for link in informs]
    assert len(informs) == 2
    assert any("ligne d'assistance nationale" in t or "national hotline" in t for t in titles)
    assert any("collecte de données" in t or "data collection" in t for t in titles)
