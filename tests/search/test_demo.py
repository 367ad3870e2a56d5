"""The search demo: glossary, the 2016-2017 evaluation's findings, lessons with their sources; idempotent."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.links import Link
from portal.search import demo
from portal.search.models import EvaluationFinding, GlossaryTerm, Lesson

from .helpers import run


def test_demo_loads_findings_and_lessons_with_sources_and_is_searchable(apply):
    from portal.demo import load_organisations

    load_organisations()
    demo.load(lambda _line: None)
    demo.load(lambda _line: None)  # a second load adds nothing
    assert db.session.scalar(select(func.count()).select_from(EvaluationFinding)) == 14
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 12
    assert db.session.scalar(select(func.count()).select_from(GlossaryTerm)) >= 30
    sources = db.session.scalars(select(Link).where(Link.target_type == "lesson")).all()
    assert len(sources) >= 10 and all(link.source_type == "evaluation_finding" for link in sources)
    apply()
    assert run(None, "TRP", lang="en").total >= 2
    hidden = db.session.scalar(select(Lesson).where(Lesson.visibility == "secretariat"))
    for q, lang in (("coordonnateurs régionaux", "fr"), ("regional coordinators", "en")):
        assert hidden.id not in [h.obj_id for h in run(None, q, lang=lang).hits if h.type == "lesson"]
