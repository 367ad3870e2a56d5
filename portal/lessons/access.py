"""Loading and authorising in one step for every lesson, source, finding, glossary term and saved search a
route serves. A lesson is shown only at its effective visibility: never wider than its narrowest source."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..links import Link, Ref, resolve
from ..permissions import authorize, can, may_see
from ..search.models import GlossaryTerm
from .models import EvaluationFinding, Lesson, SavedSearch
from .queries import effective_visibility

# action -> permission, besides seeing the lesson; "edit" is the secretariat's or the author's (may_edit).
LESSON_ACTIONS = {"view": None, "comment": "lesson.comment", "publish": "lesson.publish"}


def may_edit(lesson: Lesson, user=None) -> bool:
    user = user or current_user
    if not can(user, "lesson.create"):
        return False
    return can(user, "secretariat.read") or lesson.created_by_id == user.id


def get_lesson_or_404(lesson_id: int, action: str = "view") -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or not may_see(current_user, effective_visibility(lesson)):
        abort(404)  # confidential lessons are not revealed to those who may not see them
    if action == "edit":
        if not may_edit(lesson):
            abort(403 if current_user.is_authenticated else 401)
    elif LESSON_ACTIONS[action]:
        authorize(LESSON_ACTIONS[action])
    return lesson


def get_source_link_or_404(lesson: Lesson, link_id: int) -> Link:
    """One of the lesson's own links (call with a lesson already loaded for the action)."""
    link = db.session.get(Link, link_id)
    if link is None or link.target_type != "lesson" or link.target_id != lesson.id:
        abort(404)
    return link


def get_source_ref_or_404(source_type: str, source_id: int) -> Ref:
    """A record of any feature that a new lesson cites, if the current user may see it."""
    ref = resolve(source_type, source_id)
    if ref is None or not may_see(current_user, ref.visibility, ref.owner_org_ids):
        abort(404)
    return ref


def get_finding_or_404(finding_id: int) -> EvaluationFinding:
    finding = db.session.get(EvaluationFinding, finding_id)
    if finding is None or not may_see(current_user, finding.visibility):
        abort(404)
    return finding


def get_term_or_404(term_id: int) -> GlossaryTerm:
    """A glossary term, for editing (anyone may read the glossary page)."""
    authorize("glossary.edit")
    term = db.session.get(GlossaryTerm, term_id)
    if term is None:
        abort(404)
    return term


def get_saved_search_or_404(saved_id: int) -> SavedSearch:
    """Only its owner ever sees a saved search; others get 404."""
    authorize("search.save")
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != current_user.id:
        abort(404)
    return saved
