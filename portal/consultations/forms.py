"""Forms of the consultations feature. Each form's `to_input()` gives its service's dataclass."""
from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from sqlalchemy import select
from wtforms import (BooleanField, DateField, DateTimeLocalField, FileField, HiddenField, IntegerField, RadioField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..auth.forms import MultiCheckboxField
from ..auth.models import JURISDICTIONS, Organisation
from ..extensions import db
from ..i18n import _, _l, current_lang, localized
from ..permissions import can
from ..parity import OneLanguageMixin
from ..pickers import RecordField
from ..rules import RuleError
from . import services
from .models import AUDIENCES, CONSENTS, TEXT_KINDS, Consultation, StakeholderCategory, Submission

TORONTO = ZoneInfo("America/Toronto")
NO_STORE = {"autocomplete": "off"}   # free text is never kept by the browser


def to_utc(value):
    """A naive datetime typed in Toronto time, as UTC."""
    return value.replace(tzinfo=TORONTO).astimezone(timezone.utc) if value else None


def to_toronto(value):
    return value.astimezone(TORONTO).replace(tzinfo=None) if value else None


class ConsultationForm(OneLanguageMixin, FlaskForm):
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

    def __init__(self, consultation: Consultation | None = None, **kwargs):
        super().__init__(obj=consultation, **kwargs)
        self.invited_org_ids.choices = [(o.id, o.acronym) for o in db.session.scalars(
            select(Organisation).order_by(Organisation.short_name))]
        if request.method == "GET" and consultation is not None:
            self.opens_at.data = to_toronto(consultation.opens_at)
            self.closes_at.data = to_toronto(consultation.closes_at)
            self.invited_org_ids.data = [o.id for o in consultation.invited_orgs]

    def to_input(self) -> services.ConsultationInput:
        return services.ConsultationInput(
            slug=self.slug.data, title_fr=self.title_fr.data, title_en=self.title_en.data,
            summary_fr=self.summary_fr.data or "", summary_en=self.summary_en.data or "", audience=self.audience.data,
            opens_at=to_utc(self.opens_at.data), closes_at=to_utc(self.closes_at.data),
            retention_days=self.retention_days.data, invited_org_ids=list(self.invited_org_ids.data or []),
            one_language=bool(self.one_language.data))


class PaperForm(FlaskForm):
    paper_fr = TextAreaField(_l("Discussion paper in French (Markdown)"), validators=[DataRequired()])
    paper_en = TextAreaField(_l("Discussion paper in English (Markdown)"), validators=[DataRequired()])

    def to_input(self) -> services.PaperInput:
        return services.PaperInput(paper_fr=self.paper_fr.data, paper_en=self.paper_en.data)


class ThemeEditForm(FlaskForm):
    """The code stays as it is: it is what exports and analyses already refer to."""
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Label in English"), validators=[DataRequired(), Length(max=200)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=2000)])

    def to_input(self) -> services.ThemeInput:
        code = self.code.data if "code" in self else ""
        return services.ThemeInput(label_fr=self.label_fr.data, label_en=self.label_en.data,
                                   description_fr=self.description_fr.data or "",
                                   description_en=self.description_en.data or "", code=code or "")


class ThemeForm(ThemeEditForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why it is declined (the person who proposed it reads this)"),
                           validators=[DataRequired(message=_l("Say why the proposal is declined.")),
                                       Length(max=2000)])


class CategoryForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40),
                                               Regexp(r"^[a-z0-9_]+$", message=_l("Use lowercase letters, digits and _."))])
    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])

    def to_input(self) -> services.CategoryInput:
        return services.CategoryInput(code=self.code.data, name_fr=self.name_fr.data, name_en=self.name_en.data)


class ReceiptForm(FlaskForm):
    code = StringField(_l("Receipt code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})


class ModerationForm(FlaskForm):
    action = RadioField(_l("Decision"), choices=[("publish", _l("Publish")), ("hide", _l("Hide")),
                                                 ("redact", _l("Redact a passage"))], validators=[DataRequired()])
    answer_id = SelectField(_l("In which answer"), coerce=int, validators=[Optional()])
    passage = TextAreaField(_l("Passage to redact (copy it exactly)"), validators=[Optional()], render_kw=NO_STORE)
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)], render_kw=NO_STORE)

    def __init__(self, sub: Submission, **kwargs):
        super().__init__(prefix="mod", **kwargs)
        self.answer_id.choices = [(a.id, question_label(a.question)) for a in sub.answers] + [
            (0, _("General comments"))]

    def to_input(self) -> services.ModerationInput:
        return services.ModerationInput(action=self.action.data, reason=self.reason.data or "",
                                        passage=self.passage.data or "", answer_id=self.answer_id.data or None)


def question_label(q) -> str:
    """ "Question 1.2: its text" (shortened), to name an answer in a list."""
    text = str(localized(q, "text"))
    return _("Question %(ref)s: %(text)s", ref=q.ref, text=text if len(text) <= 80 else text[:77] + "…")


class TagForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int, validators=[DataRequired(message=_l("Choose a theme."))])
    answer_id = SelectField(_l("In which answer"), coerce=int, validators=[Optional()])
    excerpt = TextAreaField(_l("Excerpt (optional, copied exactly)"), validators=[Optional()], render_kw=NO_STORE)
    quote = BooleanField(_l("Offer as a quote in what we heard"))

    def __init__(self, sub: Submission, **kwargs):
        super().__init__(prefix="tag", **kwargs)
        # Retired themes are not offered, so posting one fails validation.
        self.theme_id.choices = [(t.id, f"{t.code} — {localized(t, 'label')}") for t in tag_themes(sub)]
        self.answer_id.choices = [(0, _("The whole submission"))] + [(a.id, question_label(a.question))
                                                                     for a in sub.answers]

    def to_input(self) -> services.TagInput:
        return services.TagInput(theme_id=self.theme_id.data, answer_id=self.answer_id.data or None,
                                 excerpt=self.excerpt.data or "", quote=bool(self.quote.data))


def tag_themes(sub: Submission) -> list:
    """The active themes of the code book the submission can be tagged with."""
    consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
    return [t for t in (consultation.themes if consultation else []) if t.active]


class LinkForm(FlaskForm):
    commitment = RecordField(_l("Commitment"), validators=[DataRequired()], kind="commitment")

    def __init__(self, **kwargs):
        super().__init__(prefix="link", **kwargs)

    def to_input(self) -> services.LinkInput:
        return services.LinkInput(commitment_id=self.commitment.record_id)


class WhatWeHeardForm(FlaskForm):
    wwh_fr = TextAreaField(_l("Report in French (Markdown)"), validators=[Optional()])
    wwh_en = TextAreaField(_l("Report in English (Markdown)"), validators=[Optional()])

    def to_input(self) -> services.WhatWeHeardInput:
        return services.WhatWeHeardInput(wwh_fr=self.wwh_fr.data or "", wwh_en=self.wwh_en.data or "",
                                         publish=bool(request.form.get("publish")))


class RoundtableForm(OneLanguageMixin, FlaskForm):
    consultation_id = SelectField(_l("Part of the consultation"), coerce=int, validators=[Optional()])
    title_fr = StringField(_l("Title in French"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=300)])
    jurisdiction_code = SelectField(_l("Province or territory"), choices=[("", "—")] + [(c, c) for c in JURISDICTIONS],
                                    validators=[Optional()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    held_on = DateField(_l("Date"), validators=[Optional()])
    organiser_fr = StringField(_l("Organiser, in French"), validators=[Optional(), Length(max=300)])
    organiser_en = StringField(_l("Organiser, in English"), validators=[Optional(), Length(max=300)])
    format_fr = StringField(_l("Format in French"), validators=[Optional(), Length(max=300)])
    format_en = StringField(_l("Format in English"), validators=[Optional(), Length(max=300)])
    chatham_house = BooleanField(_l("Chatham House rule applies"))
    summary_fr = TextAreaField(_l("Summary in French (Markdown)"), validators=[Optional()])
    summary_en = TextAreaField(_l("Summary in English (Markdown)"), validators=[Optional()])
    submissions_open = BooleanField(_l("Accept written input"))

    def __init__(self, roundtable=None, **kwargs):
        super().__init__(obj=roundtable, **kwargs)
        self.consultation_id.choices = [(0, "—")] + [(c.id, str(localized(c, "title"))) for c in
                                                     db.session.scalars(select(Consultation).order_by(Consultation.id))]
        self.categories = StakeholderCategory.ordered()
        # Attendance is typed as numbers beside the form's fields, one per active category.
        if request.method == "POST":
            self.counts = {c.id: request.form.get(f"att_{c.id}", "") for c in self.categories}
        else:
            self.counts = {a.category_id: a.count for a in (roundtable.attendance if roundtable else [])}

    def to_input(self) -> services.RoundtableInput:
        try:
            attendance = {cid: int(value or 0) for cid, value in self.counts.items()}
        except ValueError:
            raise RuleError(message=_("Attendance numbers must be whole numbers.")) from None
        return services.RoundtableInput(
            title_fr=self.title_fr.data, title_en=self.title_en.data, consultation_id=self.consultation_id.data or None,
            jurisdiction_code=self.jurisdiction_code.data or None, city=self.city.data or "",
            held_on=self.held_on.data, organiser_fr=self.organiser_fr.data or "",
            organiser_en=self.organiser_en.data or "", format_fr=self.format_fr.data or "",
            format_en=self.format_en.data or "", chatham_house=bool(self.chatham_house.data),
            summary_fr=self.summary_fr.data or "", summary_en=self.summary_en.data or "",
            submissions_open=bool(self.submissions_open.data), attendance=attendance,
            one_language=bool(self.one_language.data))


class KeyPointForm(FlaskForm):
    heading_fr = StringField(_l("Heading in French (e.g. a region)"), validators=[Optional(), Length(max=200)])
    heading_en = StringField(_l("Heading in English"), validators=[Optional(), Length(max=200)])
    text_fr = TextAreaField(_l("Key point in French"), validators=[DataRequired()])
    text_en = TextAreaField(_l("Key point in English"), validators=[DataRequired()])

    def to_input(self) -> services.KeyPointInput:
        return services.KeyPointInput(text_fr=self.text_fr.data, text_en=self.text_en.data,
                                      heading_fr=self.heading_fr.data or "", heading_en=self.heading_en.data or "")


class KeyPointEditForm(KeyPointForm):
    theme_ids = MultiCheckboxField(_l("Themes of the code book it informs"), coerce=int, validators=[Optional()])

    def __init__(self, point, **kwargs):
        super().__init__(obj=point, **kwargs)
        consultation = point.roundtable.consultation
        linked_ids = services.key_point_themes(point)
        self.theme_ids.choices = [(t.id, f"{t.code} — {localized(t, 'label')}") for t in
                                  (consultation.themes if consultation else []) if t.active or t.id in linked_ids]
        if request.method == "GET":
            self.theme_ids.data = linked_ids


class EvaluationForm(FlaskForm):
    statement_fr = StringField(_l("Statement in French"), validators=[DataRequired()])
    statement_en = StringField(_l("Statement in English"), validators=[DataRequired()])
    percent = IntegerField(_l("Agree or strongly agree, in percent"), render_kw={"min": 0, "max": 100},
                           validators=[DataRequired(), NumberRange(min=0, max=100)])

    def to_input(self) -> services.EvaluationInput:
        return services.EvaluationInput(statement_fr=self.statement_fr.data, statement_en=self.statement_en.data,
                                        agree_share=self.percent.data / 100)


class AttachmentForm(FlaskForm):
    file = FileField(_l("File (PDF, DOCX or ODT)"), render_kw={"accept": ".pdf,.docx,.odt"},
                     validators=[FileRequired(message=_l("Choose a file."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit the service applies (settings), on the field: shown in the hint and checked by the
        # browser before sending (data-max-bytes), so a refused file never costs what was typed.
        self.max_bytes = services.attachment_max_bytes()

    def to_input(self):
        """The checked upload (portal.files), or RuleError on the field."""
        return services.check_attachment(self.file.data, field="file")


class _SubmissionForm(FlaskForm):
    """Base of the one-page form built per paper by `submission_form` (one field per question)."""
    questions: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in self.questions:
            if q.required:   # shown as "(required)"; the service refuses a sent form without it
                self[f"q_{q.id}"].flags.required = True

    def to_input(self) -> services.SubmissionInput:
        data = services.SubmissionInput(
            body=self.body.data or "", language=self.language.data or current_lang(), consent=self.consent.data or "",
            category_id=self.category_id.data or None, attribution_name=self.attribution_name.data or "",
            for_org=bool("for_org" in self and self.for_org.data),
            on_behalf=bool("on_behalf" in self and self.on_behalf.data),
            attested=bool("attested" in self and self.attested.data))
        for q in self.questions:
            main = self[f"q_{q.id}"].data or ""
            if q.kind in TEXT_KINDS:
                data.answers[q.id] = (main, "")
                continue
            if q.kind == "multi":
                main = ",".join(main)
            data.answers[q.id] = (self[f"c_{q.id}"].data or "", main.strip() if main != "None" else "")
        upload = self.attachment.data
        if upload is not None and getattr(upload, "filename", None):
            data.uploads.append(services.check_attachment(upload))
        return data

    def prefill(self, sub: Submission) -> None:
        """Show stored input (a draft, or sent input read with its receipt code) in the form."""
        self.body.data, self.language.data, self.consent.data = sub.body, sub.language, sub.consent
        self.category_id.data = sub.stakeholder_category_id or 0
        self.attribution_name.data = sub.attribution_name
        if "for_org" in self:
            self.for_org.data = bool(sub.organisation_id) and not sub.on_behalf
        if "on_behalf" in self:
            self.on_behalf.data, self.attested.data = sub.on_behalf, sub.consent_attested
        for q in self.questions:
            a = sub.answer_for(q.id)
            if a is None:
                continue
            if q.kind in TEXT_KINDS:
                self[f"q_{q.id}"].data = a.text
            else:
                self[f"q_{q.id}"].data = a.values if q.kind == "multi" else a.value
                self[f"c_{q.id}"].data = a.text


def _question_field(q, lang: str):
    label, hint = str(localized(q, "text", lang)), str(localized(q, "help", lang))
    if q.kind == "long":
        return TextAreaField(label, description=hint, validators=[Optional(), Length(max=20000)], render_kw=NO_STORE)
    if q.kind == "short":
        return StringField(label, description=hint, validators=[Optional(), Length(max=500)], render_kw=NO_STORE)
    if q.kind == "number":
        return StringField(label, description=hint, validators=[Optional(), Length(max=30)],
                           render_kw={**NO_STORE, "inputmode": "decimal"})
    if q.kind == "multi":
        return MultiCheckboxField(label, description=hint, choices=q.options(lang), validators=[Optional()])
    return RadioField(label, description=hint, choices=q.options(lang), validators=[Optional()])


def submission_form(parent, user, *, amend: bool = False, lang: str | None = None) -> type[_SubmissionForm]:
    """One form for every question of a paper, so it all fits on one page that needs no JavaScript."""
    lang = lang or current_lang()
    questions = services.questions_of(parent)

    class SubmissionForm(_SubmissionForm):
        pass

    SubmissionForm.questions = questions
    for q in questions:
        setattr(SubmissionForm, f"q_{q.id}", _question_field(q, lang))
        if q.kind not in TEXT_KINDS:   # room to explain a choice
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
    _sender_fields(SubmissionForm, user)
    SubmissionForm.attachment = FileField(_l("Attach a document (optional: PDF, DOCX or ODT)"))
    SubmissionForm.token = HiddenField()
    if amend:
        SubmissionForm.code = HiddenField()
    return SubmissionForm


def _sender_fields(form_class, user) -> None:
    """Sending for one's organisation, or on behalf of a survivor: offered to those allowed (the service
    applies the same rules)."""
    if getattr(user, "organisation_id", None) and can(user, "submission.for_org"):
        form_class.for_org = BooleanField(_l("Send this on behalf of my organisation"))
    if can(user, "submission.on_behalf"):
        form_class.on_behalf = BooleanField(_l("I am sending this on behalf of a survivor"))
        form_class.attested = BooleanField(_l("I confirm that the person told me what to write, reviewed it, "
                                              "and gave informed consent to send it with the use chosen above"))
