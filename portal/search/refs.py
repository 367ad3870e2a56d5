"""portal.links resolvers for lessons and evaluation findings (pages of other features link back here)."""
from __future__ import annotations

from ..extensions import db
from ..i18n import _l
from ..links import Ref, register_ref
from .models import EvaluationFinding, Lesson


@register_ref("lesson")
def lesson_ref(lesson_id: int) -> Ref | None:
    from ..i18n import localized
    from .services import effective_visibility

    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        return None
    return Ref(type="lesson", id=lesson.id, title=localized(lesson, "title"), endpoint="search.lesson",
               url_args={"lesson_id": lesson.id}, visibility=effective_visibility(lesson),
               type_label=str(_l("Lesson learned")))


@register_ref("evaluation_finding")
def finding_ref(finding_id: int) -> Ref | None:
    from ..i18n import localized

    finding = db.session.get(EvaluationFinding, finding_id)
    if finding is None:
        return None
    return Ref(type="evaluation_finding", id=finding.id, title=localized(finding, "title"),
               endpoint="search.finding", url_args={"finding_id": finding.id}, visibility=finding.visibility,
               type_label=str(_l("Evaluation finding")))
