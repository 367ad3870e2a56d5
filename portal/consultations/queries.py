"""Reads shared by pages, the API, exports and jobs: visible consultations and input, "what we heard"."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import _, current_lang, localized
from ..permissions import PUBLIC, may_see, visibility_levels
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
    """Counts are exact here; the page says "fewer than 5" to the public (`public`)."""
    total: int
    questions: list[QuestionReport]
    themes: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    quotes: list[tuple[str, str]]
    roundtables: list[Roundtable]
    public: bool


def _by_count(counter: Counter, name) -> list[tuple[str, int]]:
    return [(name(key), n) for key, n in sorted(counter.items(), key=lambda kv: -kv[1])]


def _question_report(q: Question, subs: list[Submission], cat_name) -> QuestionReport:
    rep = QuestionReport(q)
    cats: Counter = Counter()
    opts: Counter = Counter()
    themes: Counter = Counter()
    for s in subs:
        a = s.answer_for(q.id)
        if a is None:
            continue
        rep.answered += 1
        cats[s.stakeholder_category_id] += 1
        for value in (a.values if q.kind != "number" else []):
            opts[value] += 1
        for t in s.tags:
            if t.answer_id == a.id:
                themes[str(localized(t.theme, "label"))] += 1
                if is_visible_quote(s, t):
                    rep.quotes.append((t.excerpt, s.attribution))
    rep.by_category = _by_count(cats, cat_name)
    labels = dict(q.options(current_lang()))
    rep.options = _by_count(opts, lambda code: str(labels.get(code, code)))
    rep.themes = themes.most_common()
    return rep


def what_we_heard(consultation: Consultation, public: bool) -> WhatWeHeard:
    subs = consultation_inputs(consultation)
    categories = {c.id: c for c in StakeholderCategory.ordered(active_only=False)}

    def cat_name(cid):
        return str(localized(categories[cid], "name")) if cid in categories else _("Not stated")

    overall: Counter = Counter()
    general_quotes = []
    for s in subs:
        for name in {str(localized(t.theme, "label")) for t in s.tags}:
            overall[name] += 1
        for t in s.tags:
            if t.answer_id is None and is_visible_quote(s, t):
                general_quotes.append((t.excerpt, s.attribution))
    roundtables = list(db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == consultation.id)
                                          .order_by(Roundtable.held_on)))
    return WhatWeHeard(total=len(subs), questions=[_question_report(q, subs, cat_name) for q in consultation.questions],
                       themes=overall.most_common(),
                       by_category=_by_count(Counter(s.stakeholder_category_id for s in subs), cat_name),
                       quotes=general_quotes, roundtables=roundtables, public=public)


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
