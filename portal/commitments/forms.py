"""Forms. Rules that need the database (organisations, refs, status list) live in the services, which
report errors per field; the views attach them to these fields so the form keeps what was typed."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.models import JURISDICTION_NAMES, JURISDICTIONS
from ..i18n import _l
from .models.commitment import VISIBILITIES
from .models.tracking import FUNDING_SOURCES, INDICATOR_LEVELS


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a fieldset (rendered by the `field` macro), easier than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CommitmentForm(FlaskForm):
    ref = StringField(_l("Reference"), validators=[DataRequired(), Length(max=40)],
                      description=_l("For example 1.11, or 1.11.2 for a deliverable of task 1.11."))
    parent_ref = StringField(_l("Part of (parent reference)"), validators=[Optional(), Length(max=40)],
                             description=_l("Leave empty for a top-level commitment."))
    pillar = SelectField(_l("Pillar"), choices=[], validate_choice=False)
    objective_ref = SelectField(_l("Objective"), choices=[], validate_choice=False)
    title_fr = TextAreaField(_l("Title in French"), validators=[Length(max=2000)])
    title_en = TextAreaField(_l("Title in English"), validators=[Length(max=2000)])
    description_fr = TextAreaField(_l("Description in French (Markdown)"), validators=[Length(max=20000)])
    description_en = TextAreaField(_l("Description in English (Markdown)"), validators=[Length(max=20000)])
    lead = StringField(_l("Lead organisation (short name)"), validators=[DataRequired(), Length(max=40)],
                       description=_l("For example RCMP, CBSA, PS."))
    partners = StringField(_l("Partners"), validators=[Optional(), Length(max=500)],
                           description=_l("Short names separated by “;”, each optionally followed by its role: "
                                          "RCMP:co_lead; CBSA:support; JUS:consulted."))
    start = StringField(_l("Start date"), validators=[Optional(), Length(max=10)],
                        description=_l("YYYY-MM-DD"))
    due = StringField(_l("Due"), validators=[Optional(), Length(max=12)],
                      description=_l("A date (2026-03-31), a fiscal year (2012-2013, meaning 31 March 2013) or "
                                     "“ongoing”."))
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    progress = StringField(_l("Progress (%)"), validators=[Optional(), Length(max=5)],
                           description=_l("0 to 100. Leave empty for the status's default. A commitment with "
                                          "sub-items takes the weighted average of its sub-items."))
    weight = IntegerField(_l("Weight in the parent's progress"), default=1, validators=[Optional()])
    visibility = SelectField(_l("Visibility"), choices=list(VISIBILITIES.items()))
    jurisdictions = MultiCheckboxField(_l("Provinces and territories it names"),
                                       choices=[(c, JURISDICTION_NAMES[c]) for c in JURISDICTIONS],
                                       validators=[Optional()])
    source_type = HiddenField()
    source_id = HiddenField()


class UpdateForm(FlaskForm):
    as_of = DateField(_l("Date of this update"), validators=[DataRequired(message=_l("Enter a valid date."))])
    cycle_id = SelectField(_l("Reporting cycle"), choices=[], validate_choice=False)
    no_change = BooleanField(_l("No change this period"))
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    progress = StringField(_l("Progress (%)"), validators=[Optional(), Length(max=5)])
    narrative_fr = TextAreaField(_l("What was done, in French (Markdown)"), validators=[Length(max=20000)])
    narrative_en = TextAreaField(_l("What was done, in English (Markdown)"), validators=[Length(max=20000)])
    challenges_fr = TextAreaField(_l("Challenges, in French"), validators=[Length(max=10000)])
    challenges_en = TextAreaField(_l("Challenges, in English"), validators=[Length(max=10000)])
    evidence_file = FileField(_l("Evidence file"),
                              description=_l("PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG; "
                                             "10 MB at most."))
    evidence_label = StringField(_l("Description of the file or link"), validators=[Optional(), Length(max=300)])
    evidence_url = URLField(_l("Evidence link"), validators=[Optional(), Length(max=1000)])
    action = HiddenField(default="save")


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("What needs to change"), validators=[Length(max=5000)])


class SpendingForm(FlaskForm):
    fiscal_year = StringField(_l("Fiscal year"), validators=[DataRequired(), Length(max=12)],
                              description=_l("April to March, for example 2025-2026."))
    funding_source = SelectField(_l("Funding source"), choices=list(FUNDING_SOURCES.items()))
    planned = StringField(_l("Planned amount ($)"), validators=[Length(max=20)])
    actual = StringField(_l("Actual amount ($)"), validators=[Optional(), Length(max=20)])
    variance_reason = TextAreaField(_l("Reason for the difference"), validators=[Length(max=5000)],
                                    description=_l("Required when actual spending differs from planned by more than 10%."))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class IndicatorForm(FlaskForm):
    objective_id = SelectField(_l("Objective"), choices=[], validate_choice=False)
    name_fr = StringField(_l("Name in French"), validators=[Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=300)])
    level = SelectField(_l("Level in the logic model"), choices=list(INDICATOR_LEVELS.items()))
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)])
    baseline = StringField(_l("Baseline"), validators=[Optional(), Length(max=20)])
    target = StringField(_l("Target"), validators=[Optional(), Length(max=20)])


class MeasurementForm(FlaskForm):
    measured_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter a valid date."))])
    value = StringField(_l("Value"), validators=[DataRequired(), Length(max=20)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class CycleForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)],
                       description=_l("For example 2025-2026 Q3."))
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    due_date = DateField(_l("Due on"), validators=[DataRequired(message=_l("Enter a valid date."))])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[DataRequired(message=_l("Choose a CSV file."))])
    dry_run = BooleanField(_l("Check only (change nothing)"), default=True)


class PlanForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Short, without spaces, for example NAP-2012."))
    title_fr = StringField(_l("Title in French"), validators=[Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    description_fr = TextAreaField(_l("Description in French (Markdown)"), validators=[Length(max=20000)])
    description_en = TextAreaField(_l("Description in English (Markdown)"), validators=[Length(max=20000)])
    period_start = DateField(_l("Start of the period"), validators=[Optional()])
    period_end = DateField(_l("End of the period"), validators=[Optional()])
    status = SelectField(_l("State"), choices=[])
    pillars = TextAreaField(_l("Pillars"), validators=[Length(max=5000)],
                            description=_l("One a line: key | French title | English title."))
    objectives = TextAreaField(_l("Objectives"), validators=[Length(max=50000)],
                               description=_l("One a line: ref | pillar key | French title | English title."))
    statuses = TextAreaField(_l("Status list"), validators=[Length(max=5000)],
                             description=_l("One a line: key | French label | English label | default progress "
                                            "(0-100) | closed (yes or no). A closed status is never overdue."))
