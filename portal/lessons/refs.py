"""portal.links resolvers for lessons and evaluation findings (pages of other features link back here)."""
from __future__ import annotations

from ..extensions import db
from ..i18n import _l, localized
from ..links import Ref, register_ref
from ..pickers import PICKERS, register_picker
from .lookup import find_findings, index_search
from .models import SOURCE_TYPES, EvaluationFinding, Lesson
from .queries import effective_visibility


@register_ref("lesson", table="search_lessons")
def lesson_ref(lesson_id: int) -> Ref | None:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        return None
    return Ref(type="lesson", id=lesson.id, title=localized(lesson, "title"), endpoint="lessons.lesson",
               url_args={"lesson_id": lesson.id}, visibility=effective_visibility(lesson),
               type_label=str(_l("Lesson learned")))


@register_ref("evaluation_finding", table="search_evaluation_findings")
def finding_ref(finding_id: int) -> Ref | None:
    finding = db.session.get(EvaluationFinding, finding_id)
    if finding is None:
        return None
    return Ref(type="evaluation_finding", id=finding.id, title=localized(finding, "title"),
               endpoint="lessons.finding", url_args={"finding_id": finding.id}, visibility=finding.visibility,
               type_label=str(_l("Evaluation finding")))


register_picker("evaluation_finding", "lessons.source_lookup")(find_findings)

# The kinds a lesson may cite whose feature registers no picker (commitments registers its own).
for _kind in SOURCE_TYPES:
    if _kind not in PICKERS:
        register_picker(_kind, "lessons.source_lookup")(index_search(_kind))
