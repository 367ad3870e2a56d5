"""The questionnaire builder: sections and questions edited one at a time, in both languages, and reordered.

The Markdown paper (`paper.py`) stays as another way to write the same thing. Once input exists, a question
that has answers keeps its kind, keeps at least as many options and cannot be removed, so no answer loses
its question or its meaning; wording, help text, being required and the order may change. References
("2.3") follow the order and are renumbered after every change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ... import audit, parity
from ...extensions import db
from ...i18n import _, _l, localized
from ...permissions import PUBLIC
from ...rules import RuleError
from ...search.outbox import enqueue
from ..models import CHOICE_KINDS, QUESTION_KINDS, Answer, Consultation, Question, Section

SECTION_FIELDS = ("title_fr", "title_en", "body_fr", "body_en")
MOVED = {"up": _l("moved up"), "down": _l("moved down")}   # audit summaries
QUESTION_FIELDS = ("kind", "required", "text_fr", "text_en", "help_fr", "help_en", "choices_fr", "choices_en")


@dataclass
class SectionInput:
    title_fr: str = ""
    title_en: str = ""
    body_fr: str = ""
    body_en: str = ""
    one_language: bool | None = None   # "publish in one language for now" (None: not asked)

    def values(self) -> dict[str, str]:
        return {f: (getattr(self, f) or "").strip() for f in SECTION_FIELDS}


@dataclass
class QuestionInput:
    kind: str = "long"
    required: bool = False
    text_fr: str = ""
    text_en: str = ""
    help_fr: str = ""
    help_en: str = ""
    choices_fr: list[str] = field(default_factory=list)   # one option a line, paired by position
    choices_en: list[str] = field(default_factory=list)
    one_language: bool | None = None   # "publish in one language for now" (None: not asked)

    def values(self) -> dict[str, Any]:
        choice = self.kind in CHOICE_KINDS
        return {"kind": self.kind, "required": bool(self.required),
                **{f: (getattr(self, f) or "").strip() for f in ("text_fr", "text_en", "help_fr", "help_en")},
                "choices_fr": "\n".join(self.choices_fr) if choice else "",
                "choices_en": "\n".join(self.choices_en) if choice else ""}


def answer_count(question: Question) -> int:
    if question.id is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(Answer).where(Answer.question_id == question.id)) or 0


def _check_section(values: dict[str, str]) -> None:
    for f in ("title_fr", "title_en"):
        if not values[f]:
            raise RuleError(field=f, message=_("Give the section a title in both French and English."))


def _check_parity(consultation: Consultation, values: dict[str, Any], texts: dict, one_language: bool | None) -> None:
    """A section or question of a public consultation (published: not a draft) has its texts in both languages."""
    parity.require_both(values, texts, public=consultation.visibility == PUBLIC, one_language=one_language)


def _check_question(data: QuestionInput, question: Question | None) -> None:
    errors: dict[str | None, str] = {}
    if data.kind not in QUESTION_KINDS:
        errors["kind"] = _("Choose a kind of question.")
    for f in ("text_fr", "text_en"):
        if not (getattr(data, f) or "").strip():
            errors[f] = _("Write the question in both French and English.")
    if data.kind in CHOICE_KINDS:
        for f in ("choices_fr", "choices_en"):
            if len(getattr(data, f)) < 2:
                errors[f] = _("Give at least two options, one a line.")
        if "choices_fr" not in errors and "choices_en" not in errors and \
                len(data.choices_fr) != len(data.choices_en):
            errors["choices_en"] = _("Give as many options in English (%(en)s) as in French (%(fr)s), in the "
                                     "same order.", en=len(data.choices_en), fr=len(data.choices_fr))
    if question is not None and answer_count(question):
        if data.kind != question.kind:
            errors["kind"] = _("This question already has answers: its kind cannot change.")
        elif data.kind in CHOICE_KINDS and len(data.choices_fr) < len(question.choice_list("fr")):
            errors["choices_fr"] = _("This question already has answers: options can be reworded or added, "
                                     "not removed.")
    if errors:
        raise RuleError(errors)


def renumber(consultation: Consultation) -> None:
    """Positions and references ("2.3") follow the order of sections and questions."""
    for n, section in enumerate(consultation.sections, start=1):
        section.position = n
        for m, question in enumerate(section.questions, start=1):
            question.position, question.ref = m, f"{n}.{m}"


def _changed(consultation: Consultation, action: str, obj: Any, actor: Any, **kwargs) -> None:
    db.session.flush()
    renumber(consultation)
    db.session.flush()
    enqueue("consultation", consultation.id)
    audit.record(action, obj, actor=actor, **kwargs)


def add_section(consultation: Consultation, data: SectionInput, actor: Any) -> Section:
    values = data.values()
    _check_section(values)
    _check_parity(consultation, values, {"body": _l("Text")}, data.one_language)
    section = Section(position=len(consultation.sections) + 1, **values)
    consultation.sections.append(section)
    _changed(consultation, "consultation.section_added", section, actor,
             changes={k: [None, v] for k, v in values.items()})
    return section


def update_section(section: Section, data: SectionInput, actor: Any) -> Section:
    values = data.values()
    _check_section(values)
    _check_parity(section.consultation, values, {"body": _l("Text")}, data.one_language)
    changes = audit.diff(section, SECTION_FIELDS, values)
    for f, v in values.items():
        setattr(section, f, v)
    _changed(section.consultation, "consultation.section_updated", section, actor, changes=changes)
    return section


def add_question(section: Section, data: QuestionInput, actor: Any) -> Question:
    _check_question(data, None)
    values = data.values()
    _check_parity(section.consultation, values, {"help": _l("Help text")}, data.one_language)
    question = Question(position=len(section.questions) + 1, ref="", **values)
    section.questions.append(question)
    _changed(section.consultation, "consultation.question_added", question, actor,
             changes={k: [None, v] for k, v in values.items()})
    return question


def update_question(question: Question, data: QuestionInput, actor: Any) -> Question:
    _check_question(data, question)
    values = data.values()
    _check_parity(question.section.consultation, values, {"help": _l("Help text")}, data.one_language)
    changes = audit.diff(question, QUESTION_FIELDS, values)
    for f, v in values.items():
        setattr(question, f, v)
    _changed(question.section.consultation, "consultation.question_updated", question, actor, changes=changes,
             summary=question.ref)
    return question


def remove_question(question: Question, actor: Any) -> None:
    if answer_count(question):
        raise RuleError(message=_("Question %(ref)s already has answers: it cannot be removed.", ref=question.ref))
    section = question.section
    section.questions.remove(question)
    _changed(section.consultation, "consultation.question_removed", section, actor, summary=question.ref)


def remove_section(section: Section, actor: Any) -> None:
    for question in section.questions:
        if answer_count(question):
            raise RuleError(message=_("Section %(n)s has questions with answers: it cannot be removed.",
                                      n=section.position))
    consultation = section.consultation
    consultation.sections.remove(section)
    _changed(consultation, "consultation.section_removed", consultation, actor,
             summary=localized(section, "title", "en"))


def _swap(items: list, item: Any, direction: str) -> bool:
    i = items.index(item)
    j = i - 1 if direction == "up" else i + 1
    if direction not in ("up", "down") or not 0 <= j < len(items):
        return False
    items[i].position, items[j].position = items[j].position, items[i].position
    items.sort(key=lambda x: x.position)
    return True


def move_question(question: Question, direction: str, actor: Any) -> bool:
    """Move a question up or down within its section; False when it is already first (or last)."""
    section = question.section
    before = question.ref
    if not _swap(section.questions, question, direction):
        return False
    _changed(section.consultation, "consultation.question_moved", question, actor,
             summary=f"{before} -> {question.ref}")
    return True


def move_section(section: Section, direction: str, actor: Any) -> bool:
    consultation = section.consultation
    if not _swap(consultation.sections, section, direction):
        return False
    _changed(consultation, "consultation.section_moved", section, actor, summary=MOVED.get(direction, direction))
    return True
