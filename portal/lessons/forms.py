"""The lessons' forms; each form's to_input() gives its service the dataclass it takes."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.models import JURISDICTIONS, jurisdiction_name
from ..i18n import _l, current_lang
from ..parity import OneLanguageMixin
from ..pickers import RecordField
from ..search.glossary import CATEGORIES as GLOSSARY_CATEGORIES
from ..search.services import GlossaryInput
from .models import PILLARS, SOURCE_TYPES, VISIBILITY_LABELS
from .services import CommentInput, InformsInput, LessonInput, ReturnInput, SourceInput
from .services.lessons import LESSON_FIELDS


def _text(field) -> str:
    return (field.data or "").strip()


def _jurisdiction_choices():
    return [("", _l("Across Canada"))] + [(c, jurisdiction_name(c)) for c in JURISDICTIONS]


# A source's excerpt is quoted as written: in French or in English (languages named in themselves).
EXCERPT_LANGS = [("fr", "Français"), ("en", "English")]


class LessonForm(FlaskForm):
    title_fr = StringField(_l("Title in French"), validators=[Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    context_fr = TextAreaField(_l("Context (French)"), validators=[Length(max=20000)])
    context_en = TextAreaField(_l("Context (English)"), validators=[Length(max=20000)])
    outcome_fr = TextAreaField(_l("What worked or did not (French)"), validators=[Length(max=20000)])
    outcome_en = TextAreaField(_l("What worked or did not (English)"), validators=[Length(max=20000)])
    recommendation_fr = TextAreaField(_l("Recommendation (French)"), validators=[Length(max=20000)])
    recommendation_en = TextAreaField(_l("Recommendation (English)"), validators=[Length(max=20000)])
    pillar = SelectField(_l("Pillar"), validators=[Optional()])
    jurisdiction_code = SelectField(_l("Province or territory"), validators=[Optional()])
    population_fr = StringField(_l("Population concerned (French)"), validators=[Length(max=300)])
    population_en = StringField(_l("Population concerned (English)"), validators=[Length(max=300)])
    visibility = SelectField(_l("Who may see this lesson"), validators=[DataRequired()],
                             description=_l("Never wider than the most confidential source. A public lesson "
                                            "becomes public once the secretariat has reviewed it, in both "
                                            "official languages."))
    source_type = HiddenField()
    source_id = HiddenField()
    excerpt = TextAreaField(_l("Excerpt of the source"), validators=[Length(max=5000)])
    excerpt_lang = SelectField(_l("Language of the excerpt"), choices=EXCERPT_LANGS, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillar.choices = [("", _l("Not specific to a pillar"))] + list(PILLARS.items())
        self.jurisdiction_code.choices = _jurisdiction_choices()
        self.visibility.choices = list(VISIBILITY_LABELS.items())
        if not self.excerpt_lang.data:
            self.excerpt_lang.data = current_lang()

    def to_input(self) -> LessonInput:
        return LessonInput(**{name: _text(getattr(self, name)) for name in LESSON_FIELDS})

    def sources(self, source: tuple[str, int] | None) -> list[SourceInput]:
        """The source the lesson was started from (checked by the view), with the excerpt typed here."""
        if source is None:
            return []
        return [SourceInput(source[0], source[1], _text(self.excerpt) or None, self.excerpt_lang.data or None)]


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=5000)])

    def to_input(self) -> CommentInput:
        return CommentInput(body=self.body.data or "")


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("What needs to change"), validators=[
        DataRequired(message=_l("Say what needs to change before returning it.")), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="return", **kwargs)

    def to_input(self) -> ReturnInput:
        return ReturnInput(comment=self.comment.data or "")


class SourceForm(FlaskForm):
    source_type = SelectField(_l("Type of source"), validators=[DataRequired()])
    source = RecordField(_l("Source"), validators=[DataRequired(message=_l("Type the source's reference or title."))],
                         kind="commitment", description=_l("Type its reference (for example 1.11.9 or "
                                                           "Submission 12) or words of its title, then choose it."))
    excerpt = TextAreaField(_l("Excerpt"), validators=[Optional(), Length(max=5000)])
    excerpt_lang = SelectField(_l("Language of the excerpt"), choices=EXCERPT_LANGS, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="source", **kwargs)
        self.source_type.choices = list(SOURCE_TYPES.items())
        if not self.excerpt_lang.data:
            self.excerpt_lang.data = current_lang()

    def validate(self, extra_validators=None) -> bool:
        # The reference is looked up among the records of the chosen type (the type's choices are checked too).
        self.source.kind = self.source_type.data if self.source_type.data in SOURCE_TYPES else "commitment"
        return super().validate(extra_validators)

    def to_input(self) -> SourceInput:
        return SourceInput(self.source_type.data, self.source.record_id, self.excerpt.data or None,
                           self.excerpt_lang.data or None)


class InformsForm(FlaskForm):
    # Any commitment the person may see, named by its reference (portal/pickers.py); the service checks it again.
    commitment = RecordField(_l("Commitment this lesson informs"), validators=[DataRequired()], kind="commitment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="informs", **kwargs)

    def to_input(self) -> InformsInput:
        return InformsInput(commitment_id=self.commitment.record_id)


class GlossaryForm(OneLanguageMixin, FlaskForm):
    term_fr = StringField(_l("Term in French"), validators=[DataRequired(), Length(max=200)])
    term_en = StringField(_l("Term in English"), validators=[DataRequired(), Length(max=200)])
    # A name used as is in the other language is read with that language's voice (its `lang` on every page).
    term_fr_lang = SelectField(_l("Language of the French term"), validators=[Optional()],
                               choices=[("", _l("French")), ("en", _l("English: an English name used as is in French"))],
                               description=_l("Choose English when French uses an English name unchanged (an "
                                              "organisation's own name), so that screen readers read it in English."))
    term_en_lang = SelectField(_l("Language of the English term"), validators=[Optional()],
                               choices=[("", _l("English")), ("fr", _l("French: a French name used as is in English"))],
                               description=_l("Choose French when English uses a French name unchanged (a Quebec "
                                              "organisation's own name), so that screen readers read it in French."))
    aliases_fr = StringField(_l("Other French forms and acronyms"), validators=[Length(max=500)],
                             description=_l("Separate them with semicolons, e.g. PST; permis temporaire"))
    aliases_en = StringField(_l("Other English forms and acronyms"), validators=[Length(max=500)],
                             description=_l("Separate them with semicolons, e.g. TRP; temporary permit"))
    note_fr = TextAreaField(_l("Note (French)"), validators=[Length(max=2000)])
    note_en = TextAreaField(_l("Note (English)"), validators=[Length(max=2000)])
    category = SelectField(_l("Category"), choices=[(k, v) for k, v in GLOSSARY_CATEGORIES.items()],
                           default="general")
    source = TextAreaField(_l("Source"), validators=[Length(max=4000)],
                           description=_l("Where each form is used: a document, a law, Termium Plus..."))

    def to_input(self) -> GlossaryInput:
        return GlossaryInput(term_fr=_text(self.term_fr), term_en=_text(self.term_en),
                             aliases_fr=_text(self.aliases_fr), aliases_en=_text(self.aliases_en),
                             note_fr=_text(self.note_fr), note_en=_text(self.note_en),
                             category=self.category.data or "general", source=_text(self.source),
                             term_fr_lang=self.term_fr_lang.data or None, term_en_lang=self.term_en_lang.data or None,
                             one_language=bool(self.one_language.data))


class PublishForm(OneLanguageMixin, FlaskForm):
    """The secretariat's publish button; its second form publishes a lesson in one language for now."""

    def to_input(self) -> bool:
        return bool(self.one_language.data)
