"""Search providers of lessons learned and evaluation findings, the labels of the facet values they bring, and
the writer's hook that narrows a lesson whose source became more confidential."""
from __future__ import annotations

from datetime import date

from ..auth.models import ORG_TYPE_LABELS
from ..guards import parse_int
from ..i18n import _l
from ..permissions import PUBLIC
from ..search.documents import SearchDocument, register_after_apply, register_facet_labels, register_provider
from .models import PILLARS, EvaluationFinding, Lesson
from .queries import effective_visibility
from .services import recheck_lessons_citing


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


@register_provider(Lesson, "lesson", label=_l("Lesson learned"))
def lesson_documents(lesson: Lesson) -> list[SearchDocument]:
    when = (lesson.updated_at or lesson.created_at)
    return [SearchDocument(
        doc_type="lesson", obj_id=lesson.id, endpoint="lessons.lesson", url_args={"lesson_id": lesson.id},
        title_fr=lesson.title_fr or "", title_en=lesson.title_en or "",
        body_fr=_join(lesson.context_fr, lesson.outcome_fr, lesson.recommendation_fr, lesson.population_fr),
        body_en=_join(lesson.context_en, lesson.outcome_en, lesson.recommendation_en, lesson.population_en),
        # No owner-organisation scope: it could widen a lesson beyond its most confidential source.
        visibility=effective_visibility(lesson),
        jurisdictions=[lesson.jurisdiction_code] if lesson.jurisdiction_code else [],
        pillar=lesson.pillar or None, date=when.date() if when else None,
        stakeholder_category="lesson_learned")]


@register_provider(EvaluationFinding, "evaluation_finding", label=_l("Evaluation finding"))
def finding_documents(finding: EvaluationFinding) -> list[SearchDocument]:
    year = finding.year or parse_int(finding.evaluation[:4], lo=1)
    return [SearchDocument(
        doc_type="evaluation_finding", obj_id=finding.id, endpoint="lessons.finding",
        url_args={"finding_id": finding.id}, title_fr=finding.title_fr or "", title_en=finding.title_en or "",
        body_fr=finding.body_fr or "", body_en=finding.body_en or "", visibility=finding.visibility or PUBLIC,
        pillar=finding.pillar or None, date=date(year, 3, 31) if year else None,
        stakeholder_category="federal")]


register_facet_labels("pillar", PILLARS)
register_facet_labels("stakeholder", {"lesson_learned": _l("Lessons learned"), "federal": ORG_TYPE_LABELS["federal"]})
register_after_apply(recheck_lessons_citing)
