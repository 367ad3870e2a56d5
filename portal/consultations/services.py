"""Consultations, papers, code books, categories and roundtables. Services never commit."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from .. import audit
from ..db import utcnow
from ..extensions import db
from ..i18n import _
from ..search.outbox import enqueue
from .models import (Attendance, Consultation, EvaluationResult, KeyPoint, Question, Roundtable, Section,
                     StakeholderCategory, Submission, Theme)
from .paper import Paper, PaperError, pair

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

CONSULTATION_FIELDS = ("slug", "title_fr", "title_en", "summary_fr", "summary_en", "audience", "opens_at",
                       "closes_at", "retention_days")


def ensure_default_categories() -> int:
    added = 0
    existing = set(db.session.scalars(select(StakeholderCategory.code)))
    for position, (code, fr, en) in enumerate(DEFAULT_CATEGORIES):
        if code not in existing:
            db.session.add(StakeholderCategory(code=code, name_fr=fr, name_en=en, position=position))
            added += 1
    db.session.flush()
    return added


def category_by_code(code: str | None) -> StakeholderCategory | None:
    if not code:
        return None
    return db.session.scalar(select(StakeholderCategory).where(StakeholderCategory.code == code))


def save_category(data: dict, actor: Any, category: StakeholderCategory | None = None) -> StakeholderCategory:
    if category is None:
        category = StakeholderCategory(code=data["code"])
        db.session.add(category)
        action, changes = "stakeholder_category.created", {k: [None, data[k]] for k in ("code", "name_fr", "name_en")}
    else:
        action, changes = "stakeholder_category.updated", audit.diff(category, ("name_fr", "name_en", "active",
                                                                                "position"), data)
    for key in ("name_fr", "name_en", "active", "position"):
        if key in data:
            setattr(category, key, data[key])
    db.session.flush()
    audit.record(action, category, actor=actor, changes=changes)
    return category


def by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def has_submissions(consultation: Consultation) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Submission)
                                  .where(Submission.consultation_id == consultation.id)))


def save_consultation(data: dict, actor: Any, consultation: Consultation | None = None,
                      invited_orgs: list | None = None) -> Consultation:
    values = {k: data[k] for k in CONSULTATION_FIELDS if k in data}
    if values.get("opens_at") and values.get("closes_at") and values["closes_at"] <= values["opens_at"]:
        raise ValueError(_("The closing time must come after the opening time."))
    if consultation is None:
        consultation = Consultation(slug=values["slug"])
        db.session.add(consultation)
        action, changes = "consultation.created", {k: [None, v] for k, v in values.items()}
    else:
        action, changes = "consultation.updated", audit.diff(consultation, CONSULTATION_FIELDS, values)
    for key, value in values.items():
        setattr(consultation, key, value)
    if invited_orgs is not None:
        consultation.invited_orgs = list(invited_orgs)
    db.session.flush()
    audit.record(action, consultation, actor=actor, changes=changes)
    return consultation


def apply_paper(consultation: Consultation, paper: Paper, lang: str, translation: Paper | None,
                actor: Any) -> None:
    """Set the paper's sections and questions. When input already exists, the paper may only be reworded
    (same sections, questions and kinds), so no answer loses its question."""
    pair(paper, translation)
    other = "en" if lang == "fr" else "fr"
    same_shape = len(consultation.sections) == len(paper.sections) and all(
        len(s.questions) == len(p.questions) and all(q.kind == pq.kind for q, pq in zip(s.questions, p.questions))
        for s, p in zip(consultation.sections, paper.sections))
    if not same_shape and has_submissions(consultation):
        raise PaperError(_("This consultation already has input: the paper can be reworded but its sections and "
                           "questions cannot be added, removed or changed in kind."))
    if paper.title:
        setattr(consultation, f"title_{lang}", paper.title)
    setattr(consultation, f"summary_{lang}", paper.summary)
    if translation is not None:
        setattr(consultation, f"title_{other}", translation.title)
        setattr(consultation, f"summary_{other}", translation.summary)
    if not same_shape:
        consultation.sections.clear()
        db.session.flush()
    for n, psec in enumerate(paper.sections, start=1):
        if same_shape:
            section = consultation.sections[n - 1]
        else:
            section = Section(position=n)
            consultation.sections.append(section)
        tsec = translation.sections[n - 1] if translation else None
        setattr(section, f"title_{lang}", psec.title)
        setattr(section, f"body_{lang}", psec.body)
        if tsec is not None:
            setattr(section, f"title_{other}", tsec.title)
            setattr(section, f"body_{other}", tsec.body)
        for m, pq in enumerate(psec.questions, start=1):
            if same_shape:
                question = section.questions[m - 1]
            else:
                question = Question(position=m, ref=f"{n}.{m}", kind=pq.kind)
                section.questions.append(question)
            setattr(question, f"text_{lang}", pq.text)
            setattr(question, f"choices_{lang}", "\n".join(pq.choices))
            if tsec is not None:
                setattr(question, f"text_{other}", tsec.questions[m - 1].text)
                setattr(question, f"choices_{other}", "\n".join(tsec.questions[m - 1].choices))
    db.session.flush()
    enqueue("consultation", consultation.id)
    audit.record("consultation.paper_set", consultation, actor=actor,
                 summary=f"{len(paper.sections)} sections, {sum(len(s.questions) for s in paper.sections)} "
                         f"questions ({lang}{'+' + other if translation else ''})")


def import_paper(paper: Paper, slug: str, *, lang: str = "fr", translation: Paper | None = None,
                 opens_at: datetime | None = None, closes_at: datetime | None = None, audience: str = "public",
                 actor: Any = None) -> Consultation:
    consultation = by_slug(slug)
    data = {"slug": slug, "audience": audience}
    if opens_at is not None:
        data["opens_at"] = opens_at
    if closes_at is not None:
        data["closes_at"] = closes_at
    consultation = save_consultation(data, actor, consultation)
    apply_paper(consultation, paper, lang, translation, actor)
    return consultation


def add_theme(consultation: Consultation, data: dict, actor: Any) -> Theme:
    if any(t.code == data["code"] for t in consultation.themes):
        raise ValueError(_("The code book already has this code."))
    theme = Theme(code=data["code"], label_fr=data["label_fr"], label_en=data["label_en"],
                  description_fr=(data.get("description_fr") or "").strip(),
                  description_en=(data.get("description_en") or "").strip())
    consultation.themes.append(theme)
    db.session.flush()
    audit.record("consultation.theme_added", theme, actor=actor, summary=theme.code)
    return theme


THEME_FIELDS = ("label_fr", "label_en", "description_fr", "description_en")


def update_theme(theme: Theme, data: dict, actor: Any) -> Theme:
    values = {f: (data.get(f) or "").strip() for f in THEME_FIELDS}
    if not (values["label_fr"] and values["label_en"]):
        raise ValueError(_("Give the theme a label in both French and English."))
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


def save_what_we_heard(consultation: Consultation, data: dict, actor: Any) -> None:
    changes = audit.diff(consultation, ("wwh_fr", "wwh_en"), data)
    consultation.wwh_fr, consultation.wwh_en = data["wwh_fr"], data["wwh_en"]
    db.session.flush()
    audit.record("consultation.what_we_heard_saved", consultation, actor=actor, changes=changes)


def publish_what_we_heard(consultation: Consultation, actor: Any) -> None:
    if not (consultation.wwh_fr.strip() and consultation.wwh_en.strip()):
        raise ValueError(_("Write the report in both French and English before publishing it."))
    if consultation.state() != "closed":
        raise ValueError(_("What we heard can be published once the consultation has closed."))
    consultation.wwh_published_at = utcnow()
    db.session.flush()
    audit.record("consultation.what_we_heard_published", consultation, actor=actor)


ROUNDTABLE_FIELDS = ("consultation_id", "title_fr", "title_en", "jurisdiction_code", "city", "held_on", "organiser",
                     "format_fr", "format_en", "chatham_house", "summary_fr", "summary_en", "evaluation_note_fr",
                     "evaluation_note_en", "submissions_open")


def save_roundtable(data: dict, actor: Any, roundtable: Roundtable | None = None,
                    attendance: dict[int, int] | None = None) -> Roundtable:
    values = {k: data[k] for k in ROUNDTABLE_FIELDS if k in data}
    if roundtable is None:
        roundtable = Roundtable()
        db.session.add(roundtable)
        action, changes = "roundtable.created", {k: [None, v] for k, v in values.items()}
    else:
        action, changes = "roundtable.updated", audit.diff(roundtable, ROUNDTABLE_FIELDS, values)
    for key, value in values.items():
        setattr(roundtable, key, value)
    if attendance is not None:
        by_cat = {a.category_id: a for a in roundtable.attendance}
        for cat_id, count in attendance.items():
            if count < 0:
                raise ValueError(_("Attendance numbers cannot be negative."))
            row = by_cat.get(cat_id)
            if row is None and count:
                roundtable.attendance.append(Attendance(category_id=cat_id, count=count))
            elif row is not None and row.count != count:
                changes[f"attendance:{cat_id}"] = [row.count, count]
                row.count = count
    db.session.flush()
    audit.record(action, roundtable, actor=actor, changes=changes)
    return roundtable


def add_key_point(roundtable: Roundtable, data: dict, actor: Any) -> KeyPoint:
    point = KeyPoint(position=len(roundtable.key_points) + 1, **{k: data.get(k, "") for k in
                                                                 ("heading_fr", "heading_en", "text_fr", "text_en")})
    roundtable.key_points.append(point)
    db.session.flush()
    audit.record("roundtable.key_point_added", point, actor=actor, summary=f"roundtable {roundtable.id}")
    return point


def update_key_point(point: KeyPoint, data: dict, actor: Any) -> None:
    fields = ("heading_fr", "heading_en", "text_fr", "text_en")
    changes = audit.diff(point, fields, {k: data.get(k, "") for k in fields})
    for key in fields:
        setattr(point, key, data.get(key, ""))
    db.session.flush()
    audit.record("roundtable.key_point_updated", point, actor=actor, changes=changes)


def delete_key_point(point: KeyPoint, actor: Any) -> None:
    audit.record("roundtable.key_point_deleted", point, actor=actor, summary=point.text_fr[:200])
    db.session.delete(point)
    db.session.flush()


def add_evaluation(roundtable: Roundtable, data: dict, actor: Any) -> EvaluationResult:
    share = float(data["agree_share"])
    if not 0 <= share <= 1:
        raise ValueError(_("Enter a percentage between 0 and 100."))
    row = EvaluationResult(position=len(roundtable.evaluation) + 1, statement_fr=data["statement_fr"],
                           statement_en=data["statement_en"], agree_share=share)
    roundtable.evaluation.append(row)
    db.session.flush()
    audit.record("roundtable.evaluation_added", row, actor=actor, summary=f"roundtable {roundtable.id}")
    return row
