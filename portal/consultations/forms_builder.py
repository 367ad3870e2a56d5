"""Forms of the questionnaire builder: a section, a question. Each `to_input()` gives the builder's dataclass."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..i18n import _l
from ..parity import OneLanguageMixin
from . import services
from .models import QUESTION_KINDS, Question

BOTH = _l("Write it in both French and English.")


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SectionForm(OneLanguageMixin, FlaskForm):
    title_fr = StringField(_l("Section title in French"), validators=[DataRequired(message=BOTH), Length(max=300)])
    title_en = StringField(_l("Section title in English"), validators=[DataRequired(message=BOTH), Length(max=300)])
    body_fr = TextAreaField(_l("Text in French (Markdown, optional)"), validators=[Optional(), Length(max=50000)])
    body_en = TextAreaField(_l("Text in English (Markdown, optional)"), validators=[Optional(), Length(max=50000)])

    def to_input(self) -> services.SectionInput:
        return services.SectionInput(title_fr=self.title_fr.data, title_en=self.title_en.data,
                                     body_fr=self.body_fr.data or "", body_en=self.body_en.data or "",
                                     one_language=bool(self.one_language.data))


class QuestionForm(OneLanguageMixin, FlaskForm):
    kind = RadioField(_l("Kind of question"), choices=list(QUESTION_KINDS.items()), default="long",
                      validators=[DataRequired(message=_l("Choose a kind of question."))])
    required = BooleanField(_l("An answer is required"))
    text_fr = TextAreaField(_l("Question in French"), validators=[DataRequired(message=BOTH), Length(max=2000)])
    text_en = TextAreaField(_l("Question in English"), validators=[DataRequired(message=BOTH), Length(max=2000)])
    help_fr = TextAreaField(_l("Help text in French (optional)"), validators=[Optional(), Length(max=2000)])
    help_en = TextAreaField(_l("Help text in English (optional)"), validators=[Optional(), Length(max=2000)])
    choices_fr = TextAreaField(_l("Options in French, one a line"), validators=[Optional(), Length(max=5000)])
    choices_en = TextAreaField(_l("Options in English, one a line"), validators=[Optional(), Length(max=5000)])

    def __init__(self, question: Question | None = None, **kwargs):
        super().__init__(obj=question, **kwargs)

    def to_input(self) -> services.QuestionInput:
        return services.QuestionInput(
            kind=self.kind.data, required=bool(self.required.data), text_fr=self.text_fr.data or "",
            text_en=self.text_en.data or "", help_fr=self.help_fr.data or "", help_en=self.help_en.data or "",
            choices_fr=_lines(self.choices_fr.data), choices_en=_lines(self.choices_en.data),
            one_language=bool(self.one_language.data))
