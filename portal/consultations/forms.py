from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, FileField, HiddenField, IntegerField, RadioField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..auth.forms import MultiCheckboxField
from ..auth.models import JURISDICTIONS
from ..i18n import _l, localized
from .models import AUDIENCES, CONSENTS, SCALE, YESNO, StakeholderCategory

TORONTO = ZoneInfo("America/Toronto")
NO_STORE = {"autocomplete": "off"}   # free text is never kept by the browser


def to_utc(value):
    """A naive datetime typed in Toronto time, as UTC."""
    return value.replace(tzinfo=TORONTO).astimezone(timezone.utc) if value else None


def to_toronto(value):
    return value.astimezone(TORONTO).replace(tzinfo=None) if value else None


class ConsultationForm(FlaskForm):
    slug = StringField(_l("Short name for the address"), validators=[
        DataRequired(), Length(max=80), Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Use lowercase letters, digits and hyphens."))])
    title_fr = StringField(_l("Title in French"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=300)])
    summary_fr = TextAreaField(_l("Summary in French (Markdown)"), validators=[Optional()])
    summary_en = TextAreaField(_l("Summary in English (Markdown)"), validators=[Optional()])
    audience = SelectField(_l("Audience"), choices=list(AUDIENCES.items()))
    invited_org_ids = MultiCheckboxField(_l("Invited organisations"), coerce=int, validators=[Optional()])
    opens_at = DateTimeLocalField(_l("Opens (Toronto time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes (Toronto time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    retention_days = IntegerField(_l("Keep identifying details for (days after closing)"), default=730,
                                  validators=[DataRequired(), NumberRange(min=30, max=3650)])


class PaperForm(FlaskForm):
    paper_fr = TextAreaField(_l("Discussion paper in French (Markdown)"), validators=[DataRequired()])
    paper_en = TextAreaField(_l("Discussion paper in English (Markdown)"), validators=[DataRequired()])


class ThemeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Label in English"), validators=[DataRequired(), Length(max=200)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=2000)])


class ThemeEditForm(FlaskForm):
    """The code stays as it is: it is what exports and analyses already refer to."""
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Label in English"), validators=[DataRequired(), Length(max=200)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=2000)])


class CategoryForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40),
                                               Regexp(r"^[a-z0-9_]+$", message=_l("Use lowercase letters, digits and _."))])
    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])


class ReceiptForm(FlaskForm):
    code = StringField(_l("Receipt code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})


class ModerationForm(FlaskForm):
    action = RadioField(_l("Decision"), choices=[("publish", _l("Publish")), ("hide", _l("Hide")),
                                                 ("redact", _l("Redact a passage"))], validators=[DataRequired()])
    answer_id = SelectField(_l("In which answer"), coerce=int, validators=[Optional()])
    passage = TextAreaField(_l("Passage to redact (copy it exactly)"), validators=[Optional()], render_kw=NO_STORE)
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)], render_kw=NO_STORE)


class TagForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int, validators=[DataRequired()])
    answer_id = SelectField(_l("In which answer"), coerce=int, validators=[Optional()])
    excerpt = TextAreaField(_l("Excerpt (optional, copied exactly)"), validators=[Optional()], render_kw=NO_STORE)
    quote = BooleanField(_l("Offer as a quote in what we heard"))


class LinkForm(FlaskForm):
    commitment_id = IntegerField(_l("Commitment number"), validators=[DataRequired(), NumberRange(min=1)])


class WhatWeHeardForm(FlaskForm):
    wwh_fr = TextAreaField(_l("Report in French (Markdown)"), validators=[Optional()])
    wwh_en = TextAreaField(_l("Report in English (Markdown)"), validators=[Optional()])


class RoundtableForm(FlaskForm):
    consultation_id = SelectField(_l("Part of the consultation"), coerce=int, validators=[Optional()])
    title_fr = StringField(_l("Title in French"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=300)])
    jurisdiction_code = SelectField(_l("Province or territory"), choices=[("", "—")] + [(c, c) for c in JURISDICTIONS],
                                    validators=[Optional()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    held_on = DateField(_l("Date"), validators=[Optional()])
    organiser = StringField(_l("Organiser"), validators=[Optional(), Length(max=300)])
    format_fr = StringField(_l("Format in French"), validators=[Optional(), Length(max=300)])
    format_en = StringField(_l("Format in English"), validators=[Optional(), Length(max=300)])
    chatham_house = BooleanField(_l("Chatham House rule applies"))
    summary_fr = TextAreaField(_l("Summary in French (Markdown)"), validators=[Optional()])
    summary_en = TextAreaField(_l("Summary in English (Markdown)"), validators=[Optional()])
    submissions_open = BooleanField(_l("Accept written input"))


class KeyPointForm(FlaskForm):
    heading_fr = StringField(_l("Heading in French (e.g. a region)"), validators=[Optional(), Length(max=200)])
    heading_en = StringField(_l("Heading in English"), validators=[Optional(), Length(max=200)])
    text_fr = TextAreaField(_l("Key point in French"), validators=[DataRequired()])
    text_en = TextAreaField(_l("Key point in English"), validators=[DataRequired()])


class EvaluationForm(FlaskForm):
    statement_fr = StringField(_l("Statement in French"), validators=[DataRequired()])
    statement_en = StringField(_l("Statement in English"), validators=[DataRequired()])
    percent = IntegerField(_l("Agree or strongly agree, in percent"), validators=[DataRequired(), NumberRange(min=0, max=100)])


class AttachmentForm(FlaskForm):
    file = FileField(_l("File (PDF, DOCX or ODT)"), validators=[DataRequired()])


def build_submission_form(questions, lang: str, user, *, for_org_allowed: bool, on_behalf_allowed: bool,
                          amend: bool = False):
    """One form for every question of a paper, so it all fits on one page that needs no JavaScript."""

    class SubmissionForm(FlaskForm):
        pass

    for q in questions:
        label = str(localized(q, "text", lang))
        name = f"q_{q.id}"
        if q.kind == "long":
            field = TextAreaField(label, validators=[Optional(), Length(max=20000)], render_kw=NO_STORE)
        elif q.kind == "scale":
            field = RadioField(label, choices=SCALE, validators=[Optional()])
        elif q.kind == "yesno":
            field = RadioField(label, choices=YESNO, validators=[Optional()])
        else:
            field = RadioField(label, choices=q.choice_list(lang), validators=[Optional()])
        setattr(SubmissionForm, name, field)
        if q.kind != "long":   # room to explain a choice
            setattr(SubmissionForm, f"c_{q.id}", TextAreaField(_l("Comment (optional)"), validators=[
                Optional(), Length(max=20000)], render_kw=NO_STORE))
    SubmissionForm.body = TextAreaField(_l("General comments"), validators=[Optional(), Length(max=50000)],
                                        render_kw=NO_STORE)
    SubmissionForm.language = RadioField(_l("Language of your input"), choices=[("fr", "Français"), ("en", "English")],
                                         default=lang, validators=[DataRequired()])
    cats = [(0, _l("Prefer not to say"))] + [(c.id, str(localized(c, "name", lang)))
                                             for c in StakeholderCategory.ordered()]
    SubmissionForm.category_id = SelectField(_l("Which best describes you or your organisation?"), coerce=int,
                                             choices=cats, default=0, validators=[Optional()])
    # The most protective use is chosen unless the sender picks another: input needs nothing but its text.
    SubmissionForm.consent = RadioField(_l("How may we use your input?"), choices=list(CONSENTS.items()),
                                        default="secretariat_only",
                                        description=_l("Unless you choose otherwise, only the secretariat reads "
                                                       "your input."),
                                        validators=[DataRequired(message=_l("Choose how your input may be used."))])
    SubmissionForm.attribution_name = StringField(
        _l("Name to credit (only if you chose publication with attribution)"),
        validators=[Optional(), Length(max=200)], render_kw=NO_STORE)
    if for_org_allowed:
        SubmissionForm.for_org = BooleanField(_l("Send this on behalf of my organisation"))
    if on_behalf_allowed:
        SubmissionForm.on_behalf = BooleanField(_l("I am sending this on behalf of a survivor"))
        SubmissionForm.attested = BooleanField(_l("I confirm that the person told me what to write, reviewed it, "
                                                  "and gave informed consent to send it with the use chosen above"))
    SubmissionForm.attachment = FileField(_l("Attach a document (optional: PDF, DOCX or ODT)"))
    SubmissionForm.token = HiddenField()
    if amend:
        SubmissionForm.code = HiddenField()
    return SubmissionForm
