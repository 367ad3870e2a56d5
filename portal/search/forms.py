from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..auth.models import JURISDICTIONS, jurisdiction_name
from ..i18n import _l
from .models import PILLARS, SOURCE_TYPES, VISIBILITY_LABELS


def _jurisdiction_choices():
    return [("", _l("Across Canada"))] + [(c, jurisdiction_name(c)) for c in JURISDICTIONS]


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
                             description=_l("Never wider than the most confidential source."))
    source_type = HiddenField()
    source_id = HiddenField()
    excerpt = TextAreaField(_l("Excerpt of the source"), validators=[Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillar.choices = [("", _l("Not specific to a pillar"))] + list(PILLARS.items())
        self.jurisdiction_code.choices = _jurisdiction_choices()
        self.visibility.choices = list(VISIBILITY_LABELS.items())

    def lesson_data(self) -> dict:
        names = ("title_fr", "title_en", "context_fr", "context_en", "outcome_fr", "outcome_en",
                 "recommendation_fr", "recommendation_en", "pillar", "jurisdiction_code", "population_fr",
                 "population_en", "visibility")
        return {n: (getattr(self, n).data or "").strip() for n in names}


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=5000)])


class SourceForm(FlaskForm):
    source_type = SelectField(_l("Type of source"), validators=[DataRequired()])
    source_id = IntegerField(_l("Number of the source record"), validators=[DataRequired(), NumberRange(min=1)])
    excerpt = TextAreaField(_l("Excerpt"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_type.choices = list(SOURCE_TYPES.items())


class InformsForm(FlaskForm):
    commitment_id = SelectField(_l("Commitment this lesson informs"), coerce=int, validators=[DataRequired()])


class GlossaryForm(FlaskForm):
    term_fr = StringField(_l("Term in French"), validators=[DataRequired(), Length(max=200)])
    term_en = StringField(_l("Term in English"), validators=[DataRequired(), Length(max=200)])
    aliases_fr = StringField(_l("Other French forms and acronyms"), validators=[Length(max=500)],
                             description=_l("Separate them with semicolons, e.g. PST; permis temporaire"))
    aliases_en = StringField(_l("Other English forms and acronyms"), validators=[Length(max=500)],
                             description=_l("Separate them with semicolons, e.g. TRP; temporary permit"))
    note_fr = TextAreaField(_l("Note (French)"), validators=[Length(max=2000)])
    note_en = TextAreaField(_l("Note (English)"), validators=[Length(max=2000)])


class SaveSearchForm(FlaskForm):
    q = HiddenField(validators=[DataRequired()])
    filters = HiddenField()
