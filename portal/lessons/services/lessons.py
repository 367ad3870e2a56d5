"""Recording a lesson learned, its sources, its discussion and the commitments it informs."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ... import audit
from ...extensions import db
from ...i18n import _, localized
from ...links import Link, add_link, resolve
from ...permissions import COMMITTEE, VISIBILITY_LEVELS, may_see
from ...rules import RuleError
from ..models import Lesson, LessonComment
from ..queries import INFORMS, SOURCE_RELATION, source_links, sources_visibility
from .review import after_change
from .visibility import recheck_visibility, touch


@dataclass
class LessonInput:
    title_fr: str = ""
    title_en: str = ""
    context_fr: str = ""
    context_en: str = ""
    outcome_fr: str = ""
    outcome_en: str = ""
    recommendation_fr: str = ""
    recommendation_en: str = ""
    pillar: str | None = None               # None: not specific to a pillar
    jurisdiction_code: str | None = None    # None: applies across Canada
    population_fr: str = ""
    population_en: str = ""
    visibility: str = COMMITTEE


LESSON_FIELDS = tuple(f.name for f in fields(LessonInput))


@dataclass
class SourceInput:
    source_type: str
    source_id: int
    excerpt: str | None = None
    excerpt_lang: str | None = None   # the language the excerpt is in (its source's)


@dataclass
class CommentInput:
    body: str


@dataclass
class InformsInput:
    commitment_id: int


def _clean(data: LessonInput) -> dict:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(data).items()}
    values["pillar"] = values["pillar"] or None
    values["jurisdiction_code"] = values["jurisdiction_code"] or None
    values["visibility"] = values["visibility"] or COMMITTEE
    if not (values["title_fr"] or values["title_en"]):
        raise RuleError(field="title_fr", message=_("Give the lesson a title in French or in English."))
    return values


def _check_wider(visibility: str, floor: str) -> None:
    if VISIBILITY_LEVELS.index(visibility) < VISIBILITY_LEVELS.index(floor):
        raise RuleError(field="visibility", message=_(
            "A lesson cannot be more widely visible than its most confidential source. "
            "Choose a visibility at least as restricted as the sources."))


def _check_source(source: SourceInput, actor: Any) -> None:
    ref = resolve(source.source_type, source.source_id)
    if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
        raise RuleError(message=_("The source of this lesson was not found."))


def create_lesson(data: LessonInput, *, actor: Any, sources: list[SourceInput] = ()) -> Lesson:
    values = _clean(data)
    for source in sources:
        _check_source(source, actor)
    _check_wider(values["visibility"], sources_visibility([(s.source_type, s.source_id) for s in sources]))
    lesson = Lesson(organisation_id=getattr(actor, "organisation_id", None), created_by_id=getattr(actor, "id", None),
                    **values)
    db.session.add(lesson)
    db.session.flush()
    audit.record("lesson.created", lesson, actor=actor, summary=localized(lesson, "title", "en"))
    for s in sources:
        add_link(s.source_type, s.source_id, "lesson", lesson.id, SOURCE_RELATION, excerpt=s.excerpt,
                 excerpt_lang=s.excerpt_lang, actor=actor)
    after_change(lesson, actor=actor, changed=True)
    return lesson


def input_from_lesson(lesson: Lesson) -> LessonInput:
    return LessonInput(**{f: getattr(lesson, f) for f in LESSON_FIELDS})


def update_lesson(lesson: Lesson, data: LessonInput, *, actor: Any) -> dict:
    """Change a lesson; returns the changes (empty when nothing changed)."""
    values = _clean(data)
    _check_wider(values["visibility"],
                 sources_visibility([(link.source_type, link.source_id) for link in source_links(lesson)]))
    changes = audit.diff(lesson, LESSON_FIELDS, values)
    for f, (_old, new) in changes.items():
        setattr(lesson, f, new)
    if changes:
        db.session.flush()
        audit.record("lesson.updated", lesson, actor=actor, changes=changes)
        after_change(lesson, actor=actor, changed=True)
    return changes


def add_source(lesson: Lesson, source: SourceInput, *, actor: Any) -> Link:
    """Cite one more source; the lesson narrows to it when the source is more confidential."""
    _check_source(source, actor)
    link = add_link(source.source_type, source.source_id, "lesson", lesson.id, SOURCE_RELATION,
                    excerpt=source.excerpt, excerpt_lang=source.excerpt_lang, actor=actor)
    recheck_visibility(lesson, actor=actor)
    touch(lesson)
    return link


def remove_source(lesson: Lesson, link: Link, *, actor: Any) -> None:
    audit.record("link.deleted", link, actor=actor,
                 summary=f"{link.source_type}:{link.source_id} -{link.relation}-> lesson:{lesson.id}")
    db.session.delete(link)
    db.session.flush()
    touch(lesson)


def add_comment(lesson: Lesson, data: CommentInput, *, actor: Any) -> LessonComment:
    body = (data.body or "").strip()
    if not body:
        raise RuleError(field="body", message=_("Write a comment first."))
    comment = LessonComment(lesson_id=lesson.id, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    audit.record("lesson.commented", comment, actor=actor, summary=f"lesson:{lesson.id}")
    return comment


def link_commitment(lesson: Lesson, data: InformsInput, *, actor: Any) -> Link:
    """Record that the lesson informs a commitment (of the commitments feature, found through its ref)."""
    ref = resolve("commitment", data.commitment_id)
    if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
        raise RuleError(field="commitment_id", message=_("That commitment was not found."))
    return add_link("lesson", lesson.id, "commitment", data.commitment_id, INFORMS, actor=actor)
