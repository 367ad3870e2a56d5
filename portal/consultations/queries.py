"""Reads that several views need: visible input, "what we heard", exports."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import _, current_lang, localized
from ..permissions import PUBLIC, may_see, visibility_levels
from .models import (CONSENTS, MODERATION_LABELS, PUBLISHABLE, PUBLISHED, SCALE, SUBMITTED, YESNO, Consultation,
                     Question, Roundtable, StakeholderCategory, Submission, Theme)
from .models import SubmissionTag
from .submissions import is_visible_quote

SMALL = 5


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
    return bool(org_id and org_id in sub.owner_organisation_ids) or (sub.visibility != PUBLIC and
                                                                      sub.visibility in levels and not sub.redactions)


def count_label(n: int, public: bool) -> str:
    if public and 0 < n < SMALL:
        return _("fewer than 5")
    return str(n)


@dataclass
class QuestionReport:
    question: Question
    answered: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    options: list[tuple[str, int]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)   # (text, attribution)


def what_we_heard(consultation: Consultation, public: bool) -> dict:
    subs = consultation_inputs(consultation)
    categories = {c.id: c for c in StakeholderCategory.ordered(active_only=False)}

    def cat_name(cid):
        return str(localized(categories[cid], "name")) if cid in categories else _("Not stated")

    reports = []
    for q in consultation.questions:
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
            if a.value:
                opts[a.value] += 1
            for t in s.tags:
                if t.answer_id == a.id:
                    themes[str(localized(t.theme, "label"))] += 1
                    if is_visible_quote(s, t):
                        rep.quotes.append((t.excerpt, s.attribution))
        rep.by_category = [(cat_name(cid), n) for cid, n in sorted(cats.items(), key=lambda kv: -kv[1])]
        labels = dict(SCALE if q.kind == "scale" else YESNO if q.kind == "yesno" else
                      q.choice_list(current_lang()))
        rep.options = [(str(labels.get(code, code)), n) for code, n in sorted(opts.items(), key=lambda kv: -kv[1])]
        rep.themes = themes.most_common()
        reports.append(rep)

    overall: Counter = Counter()
    general_quotes = []
    for s in subs:
        for name in {str(localized(t.theme, "label")) for t in s.tags}:
            overall[name] += 1
        for t in s.tags:
            if t.answer_id is None and is_visible_quote(s, t):
                general_quotes.append((t.excerpt, s.attribution))
    by_cat: Counter = Counter(s.stakeholder_category_id for s in subs)
    roundtables = list(db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == consultation.id)
                                          .order_by(Roundtable.held_on)))
    return {"total": len(subs), "questions": reports, "themes": overall.most_common(),
            "by_category": [(cat_name(cid), n) for cid, n in sorted(by_cat.items(), key=lambda kv: -kv[1])],
            "quotes": general_quotes, "roundtables": roundtables, "public": public}


def _escape(value: Any) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv(consultation: Consultation, scope: str) -> str:
    """scope 'all': everything, originals and consent level (secretariat);
    'publishable': only published input with consent, redacted text, names only with consent to attribution."""
    subs = consultation_inputs(consultation)
    if scope == "publishable":
        subs = [s for s in subs if s.consent in PUBLISHABLE and s.moderation == PUBLISHED]
    questions = consultation.questions
    out = io.StringIO()
    writer = csv.writer(out)
    head = ["id", "source", "submitted_at", "language", "stakeholder_category", "attribution"]
    if scope == "all":
        head += ["organisation", "on_behalf", "consent", "moderation", "sample", "themes"]
    head += ["general_comment"] + [f"Q{q.ref}" for q in questions]
    writer.writerow(head)
    for s in subs:
        original = scope == "all"
        row = [s.id, f"roundtable:{s.roundtable_id}" if s.roundtable_id else "consultation",
               s.submitted_at.isoformat() if s.submitted_at else "", s.language,
               s.category.code if s.category else "", s.attribution]
        if original:
            row += [s.organisation.short_name if s.organisation else "", "yes" if s.on_behalf else "",
                    s.consent, s.moderation, "yes" if s.is_sample else "",
                    "; ".join(sorted({t.theme.code for t in s.tags}))]
        row.append(s.body if original else s.public_text(None))
        for q in questions:
            a = s.answer_for(q.id)
            text = "" if a is None else (a.text if original else s.public_text(a))
            row.append(" | ".join(p for p in (a.value if a else "", text) if p))
        writer.writerow([_escape(v) for v in row])
    return out.getvalue()


def moderation_queue() -> list[Submission]:
    return list(db.session.scalars(select(Submission).where(
        Submission.status == SUBMITTED, Submission.moderation == "pending").order_by(Submission.submitted_at)))


def labels() -> dict:
    return {"consents": CONSENTS, "moderation": MODERATION_LABELS}



def theme_usage(consultation: Consultation) -> dict[int, int]:
    """Theme id -> number of tags given with it (retired themes included: their tags still count)."""
    rows = db.session.execute(select(SubmissionTag.theme_id, func.count(SubmissionTag.id))
                              .join(Theme, Theme.id == SubmissionTag.theme_id)
                              .where(Theme.consultation_id == consultation.id).group_by(SubmissionTag.theme_id))
    return {theme_id: n for theme_id, n in rows}
