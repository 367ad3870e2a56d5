"""Search providers of this feature's own records: lessons learned and evaluation findings."""
from __future__ import annotations

from datetime import date

from ..permissions import PUBLIC
from .documents import SearchDocument, register_provider
from .models import EvaluationFinding, Lesson


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


@register_provider(Lesson, "lesson")
def lesson_documents(lesson: Lesson) -> list[SearchDocument]:
    from .services import effective_visibility

    when = (lesson.updated_at or lesson.created_at)
    return [SearchDocument(
        doc_type="lesson", obj_id=lesson.id, endpoint="search.lesson", url_args={"lesson_id": lesson.id},
        title_fr=lesson.title_fr or "", title_en=lesson.title_en or "",
        body_fr=_join(lesson.context_fr, lesson.outcome_fr, lesson.recommendation_fr, lesson.population_fr),
        body_en=_join(lesson.context_en, lesson.outcome_en, lesson.recommendation_en, lesson.population_en),
        # No owner-organisation scope: it could widen a lesson beyond its most confidential source.
        visibility=effective_visibility(lesson),
        jurisdictions=[lesson.jurisdiction_code] if lesson.jurisdiction_code else [],
        pillar=lesson.pillar or None, date=when.date() if when else None,
        stakeholder_category="lesson_learned")]


@register_provider(EvaluationFinding, "evaluation_finding")
def finding_documents(finding: EvaluationFinding) -> list[SearchDocument]:
    year = finding.year or (int(finding.evaluation[:4]) if finding.evaluation[:4].isdigit() else None)
    return [SearchDocument(
        doc_type="evaluation_finding", obj_id=finding.id, endpoint="search.finding",
        url_args={"finding_id": finding.id}, title_fr=finding.title_fr or "", title_en=finding.title_en or "",
        body_fr=finding.body_fr or "", body_en=finding.body_en or "", visibility=finding.visibility or PUBLIC,
        pillar=finding.pillar or None, date=date(year, 3, 31) if year else None,
        stakeholder_category="federal")]
