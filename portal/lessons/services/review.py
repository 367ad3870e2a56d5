"""A public lesson goes through the secretariat's review, like a progress report: asking for "public" submits
it, the secretariat publishes it (in both official languages) or returns it with a comment."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import audit, parity
from ...db import utcnow
from ...extensions import db
from ...i18n import _, _l, current_lang
from ...mail import queue_mail
from ...permissions import PUBLIC
from ...rules import RuleError
from ..models import NOT_PUBLIC, PUBLISHED, RETURNED, SUBMITTED, Lesson
from .visibility import touch

# Each text a public lesson has in both languages when it has it in one (portal/parity.py).
PAIRED = {"title": _l("Title"), "context": _l("Context"), "outcome": _l("What worked or did not"),
          "recommendation": _l("Recommendation"), "population": _l("Population concerned")}


@dataclass
class ReturnInput:
    comment: str


def after_change(lesson: Lesson, *, actor: Any, changed: bool) -> None:
    """Called when a lesson is created or changed: a lesson asking to be public (again) waits for review."""
    if lesson.visibility != PUBLIC:
        lesson.review_state = NOT_PUBLIC
    elif changed or lesson.review_state == NOT_PUBLIC:
        lesson.review_state, lesson.submitted_at = SUBMITTED, utcnow()
        db.session.flush()
        audit.record("lesson.submitted", lesson, actor=actor, summary=_l("asks to be public"))
    touch(lesson)


def publish_lesson(lesson: Lesson, *, actor: Any, one_language: bool = False) -> None:
    """Make it public; a text in one language only is refused unless the secretariat chose to publish in one
    language for now (the page then marks it "available in ... only")."""
    if lesson.review_state != SUBMITTED:
        raise RuleError(message=_("This lesson is not waiting for review."))
    parity.require_both(lesson, PAIRED, public=True, one_language=one_language, per_field=False)
    lesson.review_state, lesson.reviewed_at, lesson.reviewed_by_id = PUBLISHED, utcnow(), getattr(actor, "id", None)
    lesson.review_comment = ""
    db.session.flush()
    audit.record("lesson.published", lesson, actor=actor, summary=_l("public after review"))
    touch(lesson)


def return_lesson(lesson: Lesson, data: ReturnInput, *, actor: Any) -> None:
    comment = (data.comment or "").strip()
    if not comment:
        raise RuleError(field="comment", message=_("Say what needs to change before returning it."))
    if lesson.review_state != SUBMITTED:
        raise RuleError(message=_("This lesson is not waiting for review."))
    lesson.review_state, lesson.reviewed_at, lesson.reviewed_by_id = RETURNED, utcnow(), getattr(actor, "id", None)
    lesson.review_comment = comment
    db.session.flush()
    audit.record("lesson.returned", lesson, actor=actor, summary=comment[:200])
    touch(lesson)
    author = lesson.created_by
    if author is not None and author.active:   # told by mail, in their language (the job process sends it)
        queue_mail(author.email, "lessons/returned", author.preferred_lang, lesson=lesson, comment=comment,
                   comment_lang=current_lang(), user=author)   # written on the reviewer's page, in its language
