"""A consultation's details, its paper, its code book and its "what we heard"; stakeholder categories."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ... import audit, parity
from ...auth.models import Organisation
from ...db import utcnow
from ...extensions import db
from ...i18n import _, _l, localized, ngettext
from ...rules import RuleError
from ...search.outbox import enqueue
from ..models import Consultation, Question, Roundtable, Section, StakeholderCategory, Submission, Theme
from .paper import Paper, pair, parse
from .roundtables import TEXTS as ROUNDTABLE_TEXTS

# Seeds 000 ("Qui contribuera à la stratégie?") plus NGOs and service providers.
DEFAULT_CATEGORIES = [
    ("indigenous", "Partenaires autochtones", "Indigenous partners"),
    ("survivors", "Victimes et survivants", "Victims and survivors"),
    ("law_enforcement", "Organismes d'application de la loi", "Law enforcement"),
    ("legal", "Intervenants du milieu juridique (civil et pénal)", "Legal stakeholders (civil and criminal)"),
    ("health", "Praticiens de la santé", "Health practitioners"),
    ("research", "Experts et chercheurs", "Experts and researchers"),
    ("government", "Gouvernements fédéral, provinciaux et territoriaux",
     "Federal, provincial and territorial governments"),
    ("municipal", "Municipalités", "Municipalities"),
    ("international", "Intervenants étrangers", "International stakeholders"),
    ("technology", "Intervenants de la technologie et de l'industrie", "Technology and industry"),
    ("ngo", "Organismes non gouvernementaux", "Non-governmental organisations"),
    ("service_provider", "Fournisseurs de services", "Service providers"),
    ("public", "Membres du public", "Members of the public"),
]


@dataclass
class CategoryInput:
    code: str
    name_fr: str
    name_en: str


def ensure_default_categories() -> int:
    added = 0
    existing = set(db.session.scalars(select(StakeholderCategory.code)))
    for position, (code, fr, en) in enumerate(DEFAULT_CATEGORIES):
        if code not in existing:
            db.session.add(StakeholderCategory(code=code, name_fr=fr, name_en=en, position=position))
            added += 1
    db.session.flush()
    return added


def add_category(data: CategoryInput, actor: Any) -> StakeholderCategory:
    if db.session.scalar(select(StakeholderCategory.id).where(StakeholderCategory.code == data.code)):
        raise RuleError(field="code", message=_("This code is already used."))
    position = db.session.scalar(select(func.count()).select_from(StakeholderCategory))
    category = StakeholderCategory(code=data.code, name_fr=data.name_fr, name_en=data.name_en, position=position)
    db.session.add(category)
    db.session.flush()
    audit.record("stakeholder_category.created", category, actor=actor,
                 changes={k: [None, getattr(data, k)] for k in ("code", "name_fr", "name_en")})
    return category


def set_category_active(category: StakeholderCategory, active: bool, actor: Any) -> StakeholderCategory:
    """Retire (or offer again) a category: old input keeps it."""
    changes = audit.diff(category, ("active",), {"active": active})
    category.active = active
    db.session.flush()
    audit.record("stakeholder_category.updated", category, actor=actor, changes=changes)
    return category


@dataclass
class ConsultationInput:
    slug: str
    title_fr: str = ""
    title_en: str = ""
    summary_fr: str = ""
    summary_en: str = ""
    audience: str = "public"
    opens_at: datetime | None = None      # UTC
    closes_at: datetime | None = None
    retention_days: int = 730
    invited_org_ids: list[int] | None = None   # None: the invited organisations stay as they are
    one_language: bool | None = None           # "publish in one language for now" (None: not asked)

    @classmethod
    def of(cls, c: Consultation) -> "ConsultationInput":
        return cls(**{k: getattr(c, k) for k in CONSULTATION_FIELDS})


CONSULTATION_FIELDS = ("slug", "title_fr", "title_en", "summary_fr", "summary_en", "audience", "opens_at",
                       "closes_at", "retention_days")


CONSULTATION_TEXTS = {"title": _l("Title"), "summary": _l("Summary")}
SECTION_TEXTS = {"title": _l("Title"), "body": _l("Text")}
QUESTION_TEXTS = {"text": _l("Question"), "help": _l("Help text")}


def _public(values: Any) -> bool:
    """Whether the consultation (or its input) is public: for the public, and scheduled (not a draft)."""
    return values.audience == "public" and values.opens_at is not None and values.closes_at is not None


@dataclass(frozen=True)
class OneLanguageText:
    """A text published with the consultation that is written in one language only."""
    kind: Any                 # "Section", "Question", "Roundtable"
    ref: str
    title: Any
    endpoint: str             # where to add the other language
    url_args: dict
    missing: list[str]        # "Title in English"


def one_language_contents(consultation: Consultation) -> list[OneLanguageText]:
    """What opening the consultation to the public publishes with it in one language only: its paper's sections
    and questions (the builder asks only once it is public) and its roundtables."""
    out = []

    def add(kind, ref, obj, texts, title, endpoint, url_args):
        gaps = parity.missing(obj, texts)
        if gaps:
            out.append(OneLanguageText(kind, ref, title, endpoint, url_args, [label for _n, label in gaps]))

    for s in consultation.sections:
        add(_l("Section"), str(s.position), s, SECTION_TEXTS, localized(s, "title"), "consultations.builder_section_edit",
            {"slug": consultation.slug, "section_id": s.id})
        for q in s.questions:
            add(_l("Question"), q.ref, q, QUESTION_TEXTS, localized(q, "text"), "consultations.builder_question_edit",
                {"slug": consultation.slug, "question_id": q.id})
    for rt in db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == consultation.id)
                                 .order_by(Roundtable.id)):
        add(_l("Roundtable"), str(rt.id), rt, ROUNDTABLE_TEXTS, localized(rt, "title"), "consultations.roundtable_edit",
            {"rt_id": rt.id})
    return out


def _publication_problems(data: ConsultationInput, consultation: Consultation | None) -> dict[str | None, str]:
    """Parity (portal/parity.py) for the consultation and for what becomes public with it at once."""
    errors = parity.problems(data, CONSULTATION_TEXTS, public=_public(data), one_language=data.one_language)
    if consultation is None or not _public(data) or _public(consultation) or data.one_language is not False:
        return errors
    pending = one_language_contents(consultation)
    if pending:
        message = ngettext("Opening the consultation to the public publishes %(num)s text written in one language "
                           "only (listed below). Add the other language, or choose “Publish in one language for now”.",
                           "Opening the consultation to the public publishes %(num)s texts written in one language "
                           "only (listed below). Add the other language, or choose “Publish in one language for now”.",
                           len(pending))
        parity.warn(errors, message)
    return errors


def save_consultation(data: ConsultationInput, actor: Any, consultation: Consultation | None = None) -> Consultation:
    other = db.session.scalar(select(Consultation).where(Consultation.slug == data.slug))
    if other is not None and other is not consultation:
        raise RuleError(field="slug", message=_("Another consultation already uses this short name."))
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise RuleError(field="closes_at", message=_("The closing time must come after the opening time."))
    errors = _publication_problems(data, consultation)
    if errors:
        raise RuleError(errors)
    values = {k: getattr(data, k) for k in CONSULTATION_FIELDS}
    if consultation is None:
        consultation = Consultation(slug=data.slug)
        db.session.add(consultation)
        action, changes = "consultation.created", {k: [None, v] for k, v in values.items()}
    else:
        action, changes = "consultation.updated", audit.diff(consultation, CONSULTATION_FIELDS, values)
    for key, value in values.items():
        setattr(consultation, key, value)
    if data.invited_org_ids is not None:
        consultation.invited_orgs = [db.session.get(Organisation, i) for i in data.invited_org_ids]
    db.session.flush()
    if {"audience", "opens_at", "closes_at"} & set(changes or {}):
        _reindex_children(consultation)
    audit.record(action, consultation, actor=actor, changes=changes)
    return consultation


def _reindex_children(consultation: Consultation) -> None:
    """Its audience and state bound what its roundtables, key points and input show in search."""
    for rt in db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == consultation.id)):
        enqueue("roundtable", rt.id)
        for k in rt.key_points:
            enqueue("key_point", k.id)
    rt_ids = select(Roundtable.id).where(Roundtable.consultation_id == consultation.id)
    for sub_id in db.session.scalars(select(Submission.id).where(
            (Submission.consultation_id == consultation.id) | Submission.roundtable_id.in_(rt_ids))):
        enqueue("submission", sub_id)


def has_submissions(consultation: Consultation) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Submission)
                                  .where(Submission.consultation_id == consultation.id)))


@dataclass
class PaperInput:
    """The paper as typed in the browser: Markdown in each language."""
    paper_fr: str
    paper_en: str


def set_paper(consultation: Consultation, data: PaperInput, actor: Any) -> None:
    fr, en = parse(data.paper_fr, on="paper_fr"), parse(data.paper_en, on="paper_en")
    apply_paper(consultation, fr, "fr", en, actor, on="paper_en")


def apply_paper(consultation: Consultation, paper: Paper, lang: str, translation: Paper | None, actor: Any,
                on: str | None = None) -> None:
    """Set the paper's sections and questions. When input already exists, the paper may only be reworded
    (same sections, questions and kinds), so no answer loses its question."""
    pair(paper, translation, on)
    same_shape = len(consultation.sections) == len(paper.sections) and all(
        len(s.questions) == len(p.questions) and all(q.kind == pq.kind for q, pq in zip(s.questions, p.questions))
        for s, p in zip(consultation.sections, paper.sections))
    if not same_shape and has_submissions(consultation):
        raise RuleError(field=on, message=_(
            "This consultation already has input: the paper can be reworded but its sections and questions "
            "cannot be added, removed or changed in kind."))
    other = "en" if lang == "fr" else "fr"
    _set_texts(consultation, paper, lang, translation, other)
    if not same_shape:
        consultation.sections.clear()
        db.session.flush()
    for n, psec in enumerate(paper.sections, start=1):
        section = consultation.sections[n - 1] if same_shape else Section(position=n)
        if not same_shape:
            consultation.sections.append(section)
        tsec = translation.sections[n - 1] if translation else None
        for attr, value in (("title", psec.title), ("body", psec.body)):
            setattr(section, f"{attr}_{lang}", value)
            if tsec is not None:
                setattr(section, f"{attr}_{other}", getattr(tsec, attr))
        for m, pq in enumerate(psec.questions, start=1):
            if same_shape:
                question = section.questions[m - 1]
            else:
                question = Question(position=m, ref=f"{n}.{m}", kind=pq.kind)
                section.questions.append(question)
            _set_question(question, pq, lang, tsec.questions[m - 1] if tsec else None, other)
    db.session.flush()
    enqueue("consultation", consultation.id)
    audit.record("consultation.paper_set", consultation, actor=actor,
                 summary=_l("sections: %(sections)s, questions: %(questions)s (%(langs)s)", sections=len(paper.sections),
                             questions=sum(len(s.questions) for s in paper.sections),
                             langs=f"{lang}{'+' + other if translation else ''}"))


def _set_texts(consultation: Consultation, paper: Paper, lang: str, translation: Paper | None, other: str) -> None:
    if paper.title:
        setattr(consultation, f"title_{lang}", paper.title)
    setattr(consultation, f"summary_{lang}", paper.summary)
    if translation is not None:
        setattr(consultation, f"title_{other}", translation.title)
        setattr(consultation, f"summary_{other}", translation.summary)


def _set_question(question: Question, pq, lang: str, tq, other: str) -> None:
    question.required = pq.required
    for code, q in ((lang, pq), (other, tq)):
        if q is not None:
            setattr(question, f"text_{code}", q.text)
            setattr(question, f"choices_{code}", "\n".join(q.choices))
            setattr(question, f"help_{code}", q.help)


def import_paper(paper: Paper, slug: str, *, lang: str = "fr", translation: Paper | None = None,
                 opens_at: datetime | None = None, closes_at: datetime | None = None, audience: str = "public",
                 actor: Any = None) -> Consultation:
    """Create or update a consultation from a paper (command line, demo); dates not given stay as they are."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    data = ConsultationInput.of(consultation) if consultation is not None else ConsultationInput(slug=slug)
    data = replace(data, audience=audience, opens_at=opens_at or data.opens_at, closes_at=closes_at or data.closes_at)
    consultation = save_consultation(data, actor, consultation)
    apply_paper(consultation, paper, lang, translation, actor)
    return consultation


@dataclass
class ThemeInput:
    """A code book entry. The code is given once, when the theme is added: exports and analyses refer to it."""
    label_fr: str
    label_en: str
    description_fr: str = ""
    description_en: str = ""
    code: str = ""

    def values(self) -> dict[str, str]:
        return {f: (getattr(self, f) or "").strip() for f in THEME_FIELDS}


THEME_FIELDS = ("label_fr", "label_en", "description_fr", "description_en")


def _check_labels(values: dict[str, str]) -> None:
    for f in ("label_fr", "label_en"):
        if not values[f]:
            raise RuleError(field=f, message=_("Give the theme a label in both French and English."))


def add_theme(consultation: Consultation, data: ThemeInput, actor: Any) -> Theme:
    code = data.code.strip()
    if any(t.code == code for t in consultation.themes):
        raise RuleError(field="code", message=_("The code book already has this code."))
    values = data.values()
    _check_labels(values)
    theme = Theme(code=code, **values)
    consultation.themes.append(theme)
    db.session.flush()
    audit.record("consultation.theme_added", theme, actor=actor, summary=theme.code)
    return theme


def update_theme(theme: Theme, data: ThemeInput, actor: Any) -> Theme:
    values = data.values()
    _check_labels(values)
    changes = audit.diff(theme, THEME_FIELDS, values)
    for f, v in values.items():
        setattr(theme, f, v)
    db.session.flush()
    audit.record("consultation.theme_updated", theme, actor=actor, changes=changes, summary=theme.code)
    return theme


def set_theme_active(theme: Theme, active: bool, actor: Any) -> Theme:
    """Retire (or restore) a theme: never a deletion, so the tags already given keep their meaning."""
    if theme.active != active:
        changes = audit.diff(theme, ("active",), {"active": active})
        theme.active = active
        db.session.flush()
        audit.record("consultation.theme_restored" if active else "consultation.theme_retired", theme,
                     actor=actor, changes=changes, summary=theme.code)
    return theme


@dataclass
class WhatWeHeardInput:
    wwh_fr: str = ""
    wwh_en: str = ""
    publish: bool = False


def save_what_we_heard(consultation: Consultation, data: WhatWeHeardInput, actor: Any) -> None:
    """Save the narrative; publish it too when asked (both languages, once the consultation has closed)."""
    values = {"wwh_fr": data.wwh_fr or "", "wwh_en": data.wwh_en or ""}
    changes = audit.diff(consultation, ("wwh_fr", "wwh_en"), values)
    consultation.wwh_fr, consultation.wwh_en = values["wwh_fr"], values["wwh_en"]
    db.session.flush()
    audit.record("consultation.what_we_heard_saved", consultation, actor=actor, changes=changes)
    if data.publish:
        publish_what_we_heard(consultation, actor)


def publish_what_we_heard(consultation: Consultation, actor: Any) -> None:
    for f in ("wwh_fr", "wwh_en"):
        if not getattr(consultation, f).strip():
            raise RuleError(field=f, message=_("Write the report in both French and English before publishing it."))
    if consultation.state() != "closed":
        raise RuleError(message=_("What we heard can be published once the consultation has closed."))
    consultation.wwh_published_at = utcnow()
    db.session.flush()
    audit.record("consultation.what_we_heard_published", consultation, actor=actor)
