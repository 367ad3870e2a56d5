"""A lesson is never more widely visible than its most confidential source: narrow it when a source changes."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...i18n import _l
from ...links import Link
from ...search.outbox import enqueue
from ..models import Lesson
from ..queries import SOURCE_RELATION, source_bound_visibility


def touch(lesson: Lesson) -> None:
    """Re-index a lesson whose sources changed (its own columns may not have)."""
    enqueue("lesson", lesson.id)


def recheck_visibility(lesson: Lesson, *, actor: Any = None) -> bool:
    """Narrow a lesson whose source became more confidential. True when it changed."""
    effective = source_bound_visibility(lesson)   # the review's bound is not stored: publishing lifts it
    if effective == lesson.visibility:
        return False
    changes = {"visibility": [lesson.visibility, effective]}
    lesson.visibility = effective
    db.session.flush()
    audit.record("lesson.visibility_narrowed", lesson, actor=actor, changes=changes,
                 summary=_l("narrowed to its most confidential source"))
    return True


def recheck_lessons_citing(changed: list[tuple[str, int]]) -> int:
    """Called by the search writer with the records it just re-indexed; returns how many lessons narrowed."""
    pairs = [(t, i) for t, i in changed if t != "lesson"]
    if not pairs:
        return 0
    lesson_ids = set()
    for t, i in pairs:
        lesson_ids.update(db.session.scalars(select(Link.target_id).where(
            Link.source_type == t, Link.source_id == i, Link.target_type == "lesson",
            Link.relation == SOURCE_RELATION)))
    n = 0
    for lesson_id in sorted(lesson_ids):
        lesson = db.session.get(Lesson, lesson_id)
        if lesson is not None:
            if recheck_visibility(lesson):
                n += 1
            touch(lesson)
    return n
