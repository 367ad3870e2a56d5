"""Lessons learned, comments, glossary and saved searches: the rules. Services flush and audit, never commit."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..i18n import _
from ..links import Link, add_link, narrowest, resolve
from ..permissions import VISIBILITY_LEVELS, may_see
from .models import EvaluationFinding, GlossaryTerm, Lesson, LessonComment, SavedSearch

LESSON_FIELDS = ("title_fr", "title_en", "context_fr", "context_en", "outcome_fr", "outcome_en",
                 "recommendation_fr", "recommendation_en", "pillar", "jurisdiction_code", "population_fr",
                 "population_en", "visibility")
SOURCE_RELATION = "source_of"
INFORMS = "informs"


class LessonError(ValueError):
    """A rule of lessons was broken; the message is translated and shown to the user."""


def source_links(lesson: Lesson) -> list[Link]:
    return list(db.session.scalars(select(Link).where(
        Link.target_type == "lesson", Link.target_id == lesson.id, Link.relation == SOURCE_RELATION)
        .order_by(Link.id)))


def sources_visibility(sources: list[tuple[str, int]]) -> str:
    """The most confidential visibility among the sources (unknown sources do not widen anything)."""
    levels = []
    for source_type, source_id in sources:
        ref = resolve(source_type, source_id)
        if ref is not None:
            levels.append(ref.visibility)
    return narrowest(*levels) if levels else VISIBILITY_LEVELS[0]


def effective_visibility(lesson: Lesson) -> str:
    """Never wider than the most confidential source, even before recheck_visibility() persists it."""
    if lesson.id is None:
        return lesson.visibility
    sources = [(link.source_type, link.source_id) for link in source_links(lesson)]
    return narrowest(lesson.visibility, sources_visibility(sources))


def _check_wider(visibility: str, floor: str) -> None:
    if VISIBILITY_LEVELS.index(visibility) < VISIBILITY_LEVELS.index(floor):
        raise LessonError(_("A lesson cannot be more widely visible than its most confidential source. "
                            "Choose a visibility at least as restricted as the sources."))


def create_lesson(data: dict, *, actor: Any, sources: list[tuple[str, int, str | None]] = ()) -> Lesson:
    if not (data.get("title_fr") or data.get("title_en")):
        raise LessonError(_("Give the lesson a title in French or in English."))
    checked = []
    for source_type, source_id, excerpt in sources:
        ref = resolve(source_type, source_id)
        if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
            raise LessonError(_("The source of this lesson was not found."))
        checked.append((source_type, source_id, excerpt))
    _check_wider(data.get("visibility") or "committee", sources_visibility([(t, i) for t, i, _e in checked]))
    lesson = Lesson(organisation_id=getattr(actor, "organisation_id", None), created_by_id=getattr(actor, "id", None))
    for f in LESSON_FIELDS:
        if f in data:
            setattr(lesson, f, data[f] or (None if f in ("pillar", "jurisdiction_code") else ""))
    db.session.add(lesson)
    db.session.flush()
    audit.record("lesson.created", lesson, actor=actor, summary=lesson.title_en or lesson.title_fr)
    for source_type, source_id, excerpt in checked:
        add_link(source_type, source_id, "lesson", lesson.id, SOURCE_RELATION, excerpt=excerpt, actor=actor)
    return lesson


def update_lesson(lesson: Lesson, data: dict, *, actor: Any) -> dict:
    if not (data.get("title_fr", lesson.title_fr) or data.get("title_en", lesson.title_en)):
        raise LessonError(_("Give the lesson a title in French or in English."))
    if "visibility" in data:
        sources = [(link.source_type, link.source_id) for link in source_links(lesson)]
        _check_wider(data["visibility"], sources_visibility(sources))
    clean = {f: (data[f] or (None if f in ("pillar", "jurisdiction_code") else "")) for f in LESSON_FIELDS if f in data}
    changes = audit.diff(lesson, LESSON_FIELDS, clean)
    for f, (_old, new) in changes.items():
        setattr(lesson, f, new)
    if changes:
        db.session.flush()
        audit.record("lesson.updated", lesson, actor=actor, changes=changes)
    return changes


def add_source(lesson: Lesson, source_type: str, source_id: int, excerpt: str | None, *, actor: Any) -> Link:
    ref = resolve(source_type, source_id)
    if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
        raise LessonError(_("The source of this lesson was not found."))
    link = add_link(source_type, source_id, "lesson", lesson.id, SOURCE_RELATION, excerpt=excerpt, actor=actor)
    recheck_visibility(lesson, actor=actor)
    touch(lesson)
    return link


def remove_source(lesson: Lesson, link: Link, *, actor: Any) -> None:
    audit.record("link.deleted", link, actor=actor,
                 summary=f"{link.source_type}:{link.source_id} -{link.relation}-> lesson:{lesson.id}")
    db.session.delete(link)
    db.session.flush()
    touch(lesson)


def touch(lesson: Lesson) -> None:
    """Re-index a lesson whose sources changed (its own columns may not have)."""
    from .outbox import enqueue

    enqueue("lesson", lesson.id)


def recheck_visibility(lesson: Lesson, *, actor: Any = None) -> bool:
    """Narrow a lesson whose source became more confidential. True when it changed."""
    effective = effective_visibility(lesson)
    if effective == lesson.visibility:
        return False
    changes = {"visibility": [lesson.visibility, effective]}
    lesson.visibility = effective
    db.session.flush()
    audit.record("lesson.visibility_narrowed", lesson, actor=actor, changes=changes,
                 summary="narrowed to its most confidential source")
    return True


def recheck_lessons_citing(changed: list[tuple[str, int]]) -> int:
    """Called by the outbox writer with the records it just re-indexed."""
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


def add_comment(lesson: Lesson, body: str, *, actor: Any) -> LessonComment:
    body = (body or "").strip()
    if not body:
        raise LessonError(_("Write a comment first."))
    comment = LessonComment(lesson_id=lesson.id, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    audit.record("lesson.commented", comment, actor=actor, summary=f"lesson:{lesson.id}")
    return comment


def link_commitment(lesson: Lesson, commitment_id: int, *, actor: Any) -> Link:
    ref = resolve("commitment", commitment_id)
    if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
        raise LessonError(_("That commitment was not found."))
    return add_link("lesson", lesson.id, "commitment", commitment_id, INFORMS, actor=actor)


def create_finding(data: dict, *, actor: Any = None) -> EvaluationFinding:
    finding = EvaluationFinding(**data)
    db.session.add(finding)
    db.session.flush()
    audit.record("evaluation_finding.created", finding, actor=actor, summary=f"{finding.evaluation} {finding.code}")
    return finding


GLOSSARY_FIELDS = ("term_fr", "term_en", "aliases_fr", "aliases_en", "note_fr", "note_en")


def save_term(term: GlossaryTerm | None, data: dict, *, actor: Any) -> GlossaryTerm:
    clean = {f: (data.get(f) or "").strip() for f in GLOSSARY_FIELDS}
    if not clean["term_fr"] or not clean["term_en"]:
        raise LessonError(_("A glossary entry needs the term in French and in English."))
    dup = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == clean["term_fr"],
                                                       GlossaryTerm.term_en == clean["term_en"]))
    if dup is not None and dup is not term:
        raise LessonError(_("This pair of terms is already in the glossary."))
    if term is None:
        term = GlossaryTerm(updated_by_id=getattr(actor, "id", None), **clean)
        db.session.add(term)
        db.session.flush()
        audit.record("glossary.created", term, actor=actor, summary=f"{term.term_fr} / {term.term_en}")
        return term
    changes = audit.diff(term, GLOSSARY_FIELDS, clean)
    for f, (_old, new) in changes.items():
        setattr(term, f, new)
    term.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("glossary.updated", term, actor=actor, changes=changes)
    return term


def delete_term(term: GlossaryTerm, *, actor: Any) -> None:
    audit.record("glossary.deleted", term, actor=actor, summary=f"{term.term_fr} / {term.term_en}")
    db.session.delete(term)
    db.session.flush()


def save_search(user: Any, query: str, filters: str, lang: str) -> SavedSearch:
    query = (query or "").strip()
    if not query:
        raise LessonError(_("Type what to search for before saving the search."))
    existing = db.session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.query == query,
                                                           SavedSearch.filters == filters))
    if existing is not None:
        return existing
    saved = SavedSearch(user_id=user.id, query=query[:500], filters=filters[:1000], lang=lang)
    db.session.add(saved)
    db.session.flush()
    audit.record("search.saved", saved, actor=user, summary=query[:200])
    return saved


def delete_saved_search(saved: SavedSearch, *, actor: Any) -> None:
    audit.record("search.saved_deleted", saved, actor=actor, summary=saved.query[:200])
    db.session.delete(saved)
    db.session.flush()


def _register_hooks() -> None:
    from .writer import AFTER_APPLY_HOOKS

    if recheck_lessons_citing not in AFTER_APPLY_HOOKS:
        AFTER_APPLY_HOOKS.append(recheck_lessons_citing)


_register_hooks()
