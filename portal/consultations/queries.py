"""Reads shared by pages, the API, exports and jobs: visible consultations and input, "what we heard"."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..disclosure import disclose_one
from ..extensions import db
from ..i18n import _, current_lang, localized, ngettext, written_in
from ..links import linked
from ..permissions import PUBLIC, can, may_see, visibility_levels
from ..todo import TodoItem
from .models import (PUBLISHABLE, PUBLISHED, SUBMITTED, Attachment, Consultation, Question,
                     Roundtable, StakeholderCategory, Submission, SubmissionTag, Theme)


def visible_consultations(user: Any) -> list[Consultation]:
    stmt = select(Consultation).order_by(Consultation.opens_at.desc(), Consultation.id)
    return [c for c in db.session.scalars(stmt) if may_see(user, c.visibility, c.owner_organisation_ids)]


def visible_roundtables(user: Any, consultation: Consultation | None = None) -> list[Roundtable]:
    """Roundtables the user may see (their consultation's audience and state bound them), newest first."""
    stmt = select(Roundtable).order_by(Roundtable.held_on.desc(), Roundtable.id)
    if consultation is not None:
        stmt = stmt.where(Roundtable.consultation_id == consultation.id)
    return [r for r in db.session.scalars(stmt) if may_see(user, r.visibility, r.owner_organisation_ids)]


def roundtable_documents(rt: Roundtable) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.roundtable_id == rt.id)
                                   .order_by(Attachment.id)))


def category_by_code(code: str | None) -> StakeholderCategory | None:
    if not code:
        return None
    return db.session.scalar(select(StakeholderCategory).where(StakeholderCategory.code == code))


def consultation_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def consultation_inputs(consultation: Consultation) -> list[Submission]:
    """Submitted input to a consultation and to its roundtables."""
    rt_ids = select(Roundtable.id).where(Roundtable.consultation_id == consultation.id)
    stmt = (select(Submission).options(selectinload(Submission.answers), selectinload(Submission.tags),
                                       selectinload(Submission.redactions))
            .where(Submission.status == SUBMITTED,
                   or_(Submission.consultation_id == consultation.id, Submission.roundtable_id.in_(rt_ids)))
            .order_by(Submission.id))
    return list(db.session.scalars(stmt))


def visible(subs: list[Submission], user: Any) -> list[Submission]:
    return [s for s in subs if may_see(user, s.visibility, s.owner_organisation_ids)]


def shows_original(sub: Submission, user: Any) -> bool:
    """Unredacted text is for the secretariat only (and the sender's own organisation)."""
    levels = visibility_levels(user)
    if "secretariat" in levels:
        return True
    org_id = getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    consent = sub.consent_visibility
    return bool(org_id and org_id in sub.owner_organisation_ids) or (consent != PUBLIC and consent in levels
                                                                      and not sub.redactions)


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int


def page_of(items: list, page: int, per_page: int = 50) -> Page:
    pages = max((len(items) + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    return Page(items[(page - 1) * per_page:page * per_page], page, pages, len(items))


def is_visible_quote(sub: Submission, t: SubmissionTag) -> bool:
    """A quote may appear publicly only from published input and only if no redaction touches it."""
    if not (t.quote and t.excerpt and sub.status == SUBMITTED and sub.consent in PUBLISHABLE
            and sub.moderation == PUBLISHED):
        return False
    answer = next((a for a in sub.answers if a.id == t.answer_id), None)
    texts = [sub.public_text(answer)] if t.answer_id else [sub.public_text(None)] + \
        [sub.public_text(a) for a in sub.answers]
    return any(t.excerpt in text for text in texts)


@dataclass
class QuestionReport:
    question: Question
    answered: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    options: list[tuple[str, int]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)   # (text, attribution)


@dataclass
class WhatWeHeard:
    """Counts of people's input. `exact` only for those who manage consultations; everyone else (the
    committee and the public) gets every count randomly rounded to a multiple of 5 (portal.disclosure)."""
    total: int
    questions: list[QuestionReport]
    themes: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    quotes: list[tuple[str, str]]
    roundtables: list[Roundtable]
    exact: bool


class _Counts:
    """The counts of one published table family: one disclosure table per consultation (or roundtable), one
    cell per quantity ("category:3", "theme:7", "q12:option:yes", "total"), so the same quantity shown in
    several places (the survivors overall and under each question) always shows the same rounded figure and
    nothing can be averaged across tables, reloads or languages."""

    def __init__(self, table: str, exact: bool):
        self.table, self.exact = table, exact

    def one(self, cell: str, count: int) -> int:
        return count if self.exact else disclose_one(count, table=self.table, cell=cell)

    def rows(self, counter: Counter, prefix: str, name) -> list[tuple[str, int]]:
        """(label, count), largest first; rounded rows that show 0 are left out (a listed row would
        otherwise say "at least one")."""
        rows = [(str(name(key)), self.one(f"{prefix}:{key}", n)) for key, n in counter.items()]
        return sorted([r for r in rows if r[1] > 0], key=lambda r: (-r[1], r[0]))


def _question_report(q: Question, subs: list[Submission], cat_name, theme_name, counts: _Counts) -> QuestionReport:
    rep = QuestionReport(q)
    cats: Counter = Counter()
    opts: Counter = Counter()
    themes: Counter = Counter()
    answered = 0
    for s in subs:
        a = s.answer_for(q.id)
        if a is None:
            continue
        answered += 1
        cats[s.stakeholder_category_id] += 1
        for value in (a.values if q.kind != "number" else []):
            opts[value] += 1
        for t in s.tags:
            if t.answer_id == a.id:
                themes[t.theme_id] += 1
                if is_visible_quote(s, t):
                    rep.quotes.append((written_in(t.excerpt, s.language), s.attribution))
    rep.answered = counts.one("total", answered) if answered else 0
    rep.by_category = counts.rows(cats, "category", cat_name)
    labels = dict(q.options(current_lang()))
    rep.options = counts.rows(opts, f"q{q.id}:option", lambda code: labels.get(code, code))
    rep.themes = counts.rows(themes, "theme", theme_name)
    return rep


def what_we_heard(consultation: Consultation, exact: bool) -> WhatWeHeard:
    subs = consultation_inputs(consultation)
    categories = {c.id: c for c in StakeholderCategory.ordered(active_only=False)}
    theme_by_id = {t.id: t for s in subs for t in (tag.theme for tag in s.tags)}
    counts = _Counts(f"consultation:{consultation.id}", exact)

    def cat_name(cid):
        return str(localized(categories[cid], "name")) if cid in categories else _("Not stated")

    def theme_name(tid):
        return str(localized(theme_by_id[tid], "label"))

    overall: Counter = Counter()
    general_quotes = []
    for s in subs:
        for tid in {t.theme_id for t in s.tags}:
            overall[tid] += 1
        for t in s.tags:
            if t.answer_id is None and is_visible_quote(s, t):
                general_quotes.append((written_in(t.excerpt, s.language), s.attribution))
    roundtables = list(db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == consultation.id)
                                          .order_by(Roundtable.held_on)))
    return WhatWeHeard(total=counts.one("total", len(subs)),
                       questions=[_question_report(q, subs, cat_name, theme_name, counts)
                                  for q in consultation.questions],
                       themes=counts.rows(overall, "theme", theme_name),
                       by_category=counts.rows(Counter(s.stakeholder_category_id for s in subs), "category", cat_name),
                       quotes=general_quotes, roundtables=roundtables, exact=exact)


def attendance(rt: Roundtable, exact: bool) -> tuple[list[tuple[Any, int]], int]:
    """A roundtable's participants by stakeholder category and in all, rounded (portal.disclosure) unless
    `exact`; categories that round to 0 are left out."""
    counts = _Counts(f"roundtable:{rt.id}", exact)
    rows = [(a.category, counts.one(f"category:{a.category.code}", a.count)) for a in rt.attendance if a.count]
    return [r for r in rows if r[1] > 0], counts.one("total", rt.attendance_total)


def sees_exact_counts(user: Any) -> bool:
    """Exact counts of people are for those who manage consultations (they read every input anyway)."""
    return can(user, "consultation.manage")


@dataclass
class Outcome:
    """One thing that happened to a piece of input, in words, with a link when there is a page to see."""
    text: str
    url_endpoint: str = ""
    url_args: dict = field(default_factory=dict)


def organisation_inputs(org_id: int, user: Any) -> list[Submission]:
    """Input sent in the organisation's name (not input sent on behalf of a survivor, which follows consent
    alone), and the person's own drafts; newest first."""
    stmt = (select(Submission).options(selectinload(Submission.tags), selectinload(Submission.redactions))
            .where(or_((Submission.organisation_id == org_id) & (Submission.status == SUBMITTED)
                       & Submission.on_behalf.is_(False),
                       (Submission.user_id == user.id) & (Submission.status == "draft")))
            .order_by(Submission.submitted_at.desc().nulls_first(), Submission.id.desc()))
    return list(db.session.scalars(stmt))


def outcomes(sub: Submission, links: list) -> list[Outcome]:
    """What happened to the input: moderation in words, quotes in "what we heard", the records it informs."""
    if sub.status != SUBMITTED:
        return [Outcome(_("Not sent yet: only you can see this draft."))]
    out = [Outcome({PUBLISHED: _("Published"), "pending": _("Awaiting moderation"),
                    "hidden": _("Not published (decision of the secretariat)"),
                    "not_for_publication": _("Not published, as you chose")}.get(sub.moderation, sub.moderation))]
    if sub.moderation == PUBLISHED and sub.redactions:
        out.append(Outcome(_("Published with %(n)s passage(s) redacted", n=len(sub.redactions))))
    consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
    if consultation is not None and consultation.wwh_published_at and \
            any(is_visible_quote(sub, t) for t in sub.tags):
        out.append(Outcome(_("Quoted in what we heard"), "consultations.what_we_heard", {"slug": consultation.slug}))
    for _link, ref in links:
        label = f"{ref.type_label}: {ref.title}" if ref.type_label else str(ref.title)
        out.append(Outcome(_("Linked to %(record)s", record=label), ref.endpoint, ref.url_args))
    return out


def key_point_outcomes(rt: Roundtable, user: Any) -> dict[int, list]:
    """Key point id -> the records it informed that the reader may see (commitments proposed from it, lessons
    it is a source of...), as (link, ref) pairs."""
    return {k.id: linked("key_point", k.id, user) for k in rt.key_points}


def what_we_heard_shown(rt: Roundtable, user: Any) -> bool:
    """Whether the reader may open the "what we heard" of the roundtable's consultation (its key points are
    listed there)."""
    c = rt.consultation
    return c is not None and (c.wwh_published_at is not None or can(user, "committee.read"))


MODERATION_FILTERS = ("pending", "published", "hidden", "all")


def moderation_queue(state: str = "pending") -> list[Submission]:
    """Input meant for publication, by moderation state ("all": every state), oldest first."""
    stmt = select(Submission).where(Submission.status == SUBMITTED, Submission.consent.in_(PUBLISHABLE))
    if state != "all":
        stmt = stmt.where(Submission.moderation == state)
    return list(db.session.scalars(stmt.order_by(Submission.submitted_at, Submission.id)))


def theme_usage(consultation: Consultation) -> dict[int, int]:
    """Theme id -> number of tags given with it (retired themes included: their tags still count)."""
    rows = db.session.execute(select(SubmissionTag.theme_id, func.count(SubmissionTag.id))
                              .join(Theme, Theme.id == SubmissionTag.theme_id)
                              .where(Theme.consultation_id == consultation.id).group_by(SubmissionTag.theme_id))
    return {theme_id: n for theme_id, n in rows}


def todo_for(user: Any) -> list[TodoItem]:
    """The home page's to-do: input waiting for moderation before it is published."""
    n = len(moderation_queue()) if can(user, "submission.moderate") else 0
    return [TodoItem(ngettext("%(num)s input to moderate", "%(num)s inputs to moderate", n), n,
                     "consultations.moderation")]
