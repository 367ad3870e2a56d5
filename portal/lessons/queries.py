"""Reads shared by the lessons pages, the search provider, the refs and the weekly email: a lesson's sources
and the visibility they bound it to, the lists a person may see."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..i18n import ngettext
from ..links import Link, Ref, linked, narrowest, resolve
from ..permissions import COMMITTEE, PUBLIC, VISIBILITY_LEVELS, can, may_see, visibility_levels
from ..todo import TodoItem
from .models import PILLARS, PUBLISHED, SUBMITTED, Lesson, SavedSearch

SOURCE_RELATION = "source_of"   # a record is the source of a lesson
INFORMS = "informs"             # a lesson informs a commitment
PAGE_SIZE = 25


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


def reviewed_visibility(lesson: Lesson) -> str:
    """Public only once the secretariat has published it; until then the committee's (and the secretariat's)."""
    if lesson.visibility == PUBLIC and lesson.review_state != PUBLISHED:
        return COMMITTEE
    return lesson.visibility


def source_bound_visibility(lesson: Lesson) -> str:
    """The visibility asked for, narrowed to the most confidential source (what the writer's recheck keeps)."""
    if lesson.id is None:
        return lesson.visibility
    sources = [(link.source_type, link.source_id) for link in source_links(lesson)]
    return narrowest(lesson.visibility, sources_visibility(sources))


def effective_visibility(lesson: Lesson) -> str:
    """Never wider than the review allows nor than the most confidential source, even before the writer's
    recheck persists it."""
    return narrowest(reviewed_visibility(lesson), source_bound_visibility(lesson))


@dataclass
class LessonPage:
    lessons: list[Lesson]
    page: int
    pages: int
    pillar: str


def visible_lessons(user: Any, pillar: str = "", page: int = 1) -> LessonPage:
    """One page of the lessons `user` may see, most recently updated first, optionally of one pillar."""
    levels = visibility_levels(user)
    stmt = select(Lesson).where(Lesson.visibility.in_(levels))
    pillar = pillar if pillar in PILLARS else ""
    if pillar:
        stmt = stmt.where(Lesson.pillar == pillar)
    rows = [lsn for lsn in db.session.scalars(stmt.order_by(Lesson.updated_at.desc(), Lesson.id.desc()))
            if effective_visibility(lsn) in levels]
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(1, page), pages)
    return LessonPage(rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], page, pages, pillar)


def visible_sources(lesson: Lesson, user: Any) -> list[tuple[Link, Ref]]:
    """The lesson's sources `user` may see, with what to show of each."""
    out = []
    for link in source_links(lesson):
        ref = resolve(link.source_type, link.source_id)
        if ref is not None and may_see(user, ref.visibility, ref.owner_org_ids):
            out.append((link, ref))
    return out


def informed_commitments(lesson: Lesson, user: Any) -> list[tuple[Link, Ref]]:
    return linked("lesson", lesson.id, user, relation=INFORMS)


def lessons_to_review() -> list[Lesson]:
    """The secretariat's queue: lessons asking to be public, oldest request first."""
    return list(db.session.scalars(select(Lesson).where(Lesson.review_state == SUBMITTED)
                                   .order_by(Lesson.submitted_at, Lesson.id)))


def saved_searches(user: Any) -> list[SavedSearch]:
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.created_at.desc())))


def weekly_saved_searches() -> list[SavedSearch]:
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.weekly.is_(True)).order_by(SavedSearch.id)))


def todo_for(user: Any) -> list[TodoItem]:
    """The home page's to-do: lessons asking to be public, for the secretariat's review."""
    n = len(lessons_to_review()) if can(user, "lesson.publish") else 0
    return [TodoItem(ngettext("%(num)s lesson to review", "%(num)s lessons to review", n), n, "lessons.review")]
