"""The directory's forms; each form's to_input() gives its service the dataclass it takes."""
from __future__ import annotations

from dataclasses import fields

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField,
                     TextAreaField, URLField, widgets)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..auth.models import JURISDICTIONS, Organisation, jurisdiction_name
from ..i18n import _l, current_lang
from ..parity import OneLanguageMixin
from . import vocab
from .queries import organisation_choices
from .services import INPUTS, NoteInput, RecordInput, VersionInput


EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def Email():  # noqa: N802 - reads like the WTForms validator it replaces, without its extra dependency
    return Regexp(EMAIL_RE, message=_l("Enter a valid email address."))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(vocabulary: dict) -> list[tuple[str, str]]:
    return [(k, v) for k, v in vocabulary.items()]


def jurisdiction_choices(allowed: list[str] | None = None, national: bool = True):
    codes = [c for c in JURISDICTIONS if allowed is None or c in allowed]
    choices = [(c, jurisdiction_name(c)) for c in codes]
    if national and allowed is None:
        choices = [("", _l("National (all of Canada)"))] + choices
    return choices


class _Bilingual:
    """At least one language is required for a name; both are expected before publishing (parity)."""

    @staticmethod
    def both_or_one(form, fr, en, label):
        if not (fr.data or "").strip() and not (en.data or "").strip():
            fr.errors = list(fr.errors) + [_l("Give the %(what)s in French or in English.", what=label)]
            return False
        return True


class RecordForm(OneLanguageMixin, FlaskForm):
    record_type = ""  # the key of its input in services.INPUTS
    jurisdiction_code = SelectField(_l("Province or territory"), choices=[], validate_choice=True)
    owner_organisation_id = SelectField(_l("Owner organisation"), coerce=int, choices=[],
                                        description=_l("The organisation that keeps this record current."))
    notes_fr = TextAreaField(_l("Notes (French)"), validators=[Optional(), Length(max=5000)])
    notes_en = TextAreaField(_l("Notes (English)"), validators=[Optional(), Length(max=5000)])
    published = BooleanField(_l("Public: shown to everyone (otherwise visible to members only)"), default=True)

    name_pair: tuple[str, str] = ("name_fr", "name_en")
    name_label = _l("name")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        fr, en = (getattr(self, f) for f in self.name_pair)
        return _Bilingual.both_or_one(self, fr, en, self.name_label) and ok

    def to_input(self) -> RecordInput:
        cls = INPUTS[self.record_type]
        values = {}
        for f in fields(cls):
            if f.name not in self._fields:
                continue
            value = self._fields[f.name].data
            if isinstance(value, str):
                value = value.strip()
            elif value is None and f.default_factory is list:
                value = []
            elif value is None and isinstance(f.default, str):
                value = f.default
            values[f.name] = value
        values["jurisdiction_code"] = values.get("jurisdiction_code") or None  # "" is national
        return cls(**values)


class CoalitionForm(RecordForm):
    record_type = "coalition"
    name_fr = StringField(_l("Name (French)"), validators=[Optional(), Length(max=300)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=_choices(vocab.COALITION_KINDS))
    cities = StringField(_l("Cities or region"), validators=[Optional(), Length(max=300)])
    year_founded = IntegerField(_l("Year founded"), validators=[Optional(), NumberRange(1900, 2100)])
    activities = MultiCheckboxField(_l("Mandate and activities"), choices=_choices(vocab.ACTIVITIES))
    sectors = MultiCheckboxField(_l("Sectors at the table"), choices=_choices(vocab.SECTORS))
    member_ids = SelectMultipleField(_l("Member organisations"), coerce=int, choices=[],
                                     description=_l("Hold Ctrl (Cmd on a Mac) to choose several."))
    description_fr = TextAreaField(_l("Description (French)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    contact_name = StringField(_l("Public contact"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Contact email"), validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Contact telephone"), validators=[Optional(), Length(max=40)])
    website = URLField(_l("Website"), validators=[Optional(), URL(), Length(max=500)])
    active = BooleanField(_l("Active"), default=True)


class StrategyForm(RecordForm):
    record_type = "strategy"
    name_pair = ("title_fr", "title_en")
    name_label = _l("title")
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1900, 2100)])
    status = SelectField(_l("Status"), choices=_choices(vocab.STRATEGY_STATUSES))
    document_url = URLField(_l("Document link"), validators=[Optional(), URL(), Length(max=500)])
    key_points_fr = TextAreaField(_l("Key points (French)"), validators=[Optional(), Length(max=10000)],
                                  description=_l("Markdown: one point per line starting with a dash."))
    key_points_en = TextAreaField(_l("Key points (English)"), validators=[Optional(), Length(max=10000)])


class ProtocolForm(RecordForm):
    record_type = "protocol"
    name_pair = ("title_fr", "title_en")
    name_label = _l("title")
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300)])
    kind = SelectField(_l("Kind of agreement"), choices=_choices(vocab.PROTOCOL_KINDS))
    scopes = MultiCheckboxField(_l("Scope"), choices=_choices(vocab.PROTOCOL_SCOPES),
                                validators=[InputRequired(message=_l("Choose at least one scope."))])
    party_ids = SelectMultipleField(_l("Parties with an account"), coerce=int, choices=[],
                                    description=_l("Hold Ctrl (Cmd on a Mac) to choose several."))
    other_parties = TextAreaField(_l("Other parties"), validators=[Optional(), Length(max=3000)],
                                  description=_l("One per line, e.g. a municipality or an employer."))
    summary_fr = TextAreaField(_l("Summary (French)"), validators=[Optional(), Length(max=5000)])
    summary_en = TextAreaField(_l("Summary (English)"), validators=[Optional(), Length(max=5000)])
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    effective_on = DateField(_l("In effect from"), validators=[Optional()])
    review_on = DateField(_l("Review due on"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    status = SelectField(_l("Lifecycle"), choices=_choices(vocab.PROTOCOL_STATUSES))

    def validate_expires_on(self, field):
        if field.data and self.effective_on.data and field.data < self.effective_on.data:
            raise ValidationError(_l("The expiry date must come after the date it takes effect."))

    def validate_status(self, field):
        if field.data == "in_force" and not self.effective_on.data:
            raise ValidationError(_l("A protocol in force needs the date it took effect."))


class ServiceForm(RecordForm):
    record_type = "service"
    name_fr = StringField(_l("Name (French)"), validators=[Optional(), Length(max=300)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Length(max=120)],
                       description=_l("Leave empty for a national service (all of Canada)."))
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)],
                          description=_l("Leave empty for confidential locations such as shelters."))
    postal_code = StringField(_l("Postal code"), validators=[Optional(), Length(max=10)])
    categories = MultiCheckboxField(_l("Categories"), choices=_choices(vocab.CATEGORIES),
                                    validators=[InputRequired(message=_l("Choose at least one category."))])
    populations = MultiCheckboxField(_l("Populations served"), choices=_choices(vocab.POPULATIONS))
    languages = MultiCheckboxField(_l("Languages"), choices=_choices(vocab.LANGUAGES))
    open_24_7 = BooleanField(_l("Open 24 hours a day, 7 days a week"))
    description_fr = TextAreaField(_l("Description (French)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    referral_fr = TextAreaField(_l("How to be referred (French)"), validators=[Optional(), Length(max=3000)])
    referral_en = TextAreaField(_l("How to be referred (English)"), validators=[Optional(), Length(max=3000)])
    eligibility_fr = TextAreaField(_l("Eligibility (French)"), validators=[Optional(), Length(max=3000)])
    eligibility_en = TextAreaField(_l("Eligibility (English)"), validators=[Optional(), Length(max=3000)])
    hours = StringField(_l("Hours"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Telephone"), validators=[Optional(), Length(max=40)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    url = URLField(_l("Website"), validators=[Optional(), URL(), Length(max=500)])

    def validate_city(self, field):
        if not (field.data or "").strip() and self.jurisdiction_code.data:
            raise ValidationError(_l("Enter the city: only a national service goes without one."))


FORMS = {"coalition": CoalitionForm, "strategy": StrategyForm, "protocol": ProtocolForm, "service": ServiceForm}


def record_form(record_type: str, record=None, *, allowed: list[str] | None,
                own_organisation: Organisation | None = None) -> RecordForm:
    """The form of a record type, its choices limited to the provinces `allowed` (None: all and national).
    A record already elsewhere keeps its place among the choices; own_organisation: the only owner offered."""
    form = FORMS[record_type](obj=record) if record is not None else FORMS[record_type]()
    if record is not None and allowed is not None and record.jurisdiction_code not in allowed:
        allowed = allowed + [record.jurisdiction_code] if record.jurisdiction_code else allowed
    form.jurisdiction_code.choices = jurisdiction_choices(allowed)
    if record is not None and allowed is not None and record.jurisdiction_code is None:
        form.jurisdiction_code.choices = [("", _l("National (all of Canada)"))] + form.jurisdiction_code.choices
    orgs = organisation_choices()
    form.owner_organisation_id.choices = orgs
    for name in ("member_ids", "party_ids"):
        if name in form:
            form[name].choices = orgs
    if request.method == "GET":
        _fill_for_display(form, record, allowed)
    if own_organisation is not None:
        form.owner_organisation_id.choices = [(own_organisation.id, own_organisation.name)]
        form.owner_organisation_id.data = own_organisation.id
    return form


def _fill_for_display(form: RecordForm, record, allowed: list[str] | None) -> None:
    if record is None:
        form.owner_organisation_id.data = current_user.organisation_id
        if allowed:
            form.jurisdiction_code.data = allowed[0]
        return
    form.jurisdiction_code.data = record.jurisdiction_code or ""
    form.owner_organisation_id.data = record.owner_organisation_id
    for name, relation in (("member_ids", "members"), ("party_ids", "parties")):
        if name in form:
            form[name].data = [o.id for o in getattr(record, relation)]


class ProposalCommentForm(FlaskForm):
    comment = TextAreaField(_l("Why this change (for the reviewer)"), validators=[Optional(), Length(max=2000)])


class ReviewForm(FlaskForm):
    reason = TextAreaField(_l("Reason (required to reject; sent to the organisation)"),
                           validators=[Optional(), Length(max=2000)])


class VersionForm(FlaskForm):
    label = StringField(_l("Version"), validators=[InputRequired(), Length(max=100)])
    document_url = URLField(_l("Document link"), validators=[Optional(), URL(), Length(max=500)])
    dated = DateField(_l("Dated"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    def to_input(self) -> VersionInput:
        return VersionInput(label=self.label.data or "", document_url=self.document_url.data or "",
                            dated=self.dated.data, note=self.note.data or "", lang=current_lang())


class RegionNoteForm(FlaskForm):
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300)])
    body_fr = TextAreaField(_l("Note (French)"), validators=[Optional(), Length(max=10000)],
                            description=_l("Markdown: one point per line starting with a dash."))
    body_en = TextAreaField(_l("Note (English)"), validators=[Optional(), Length(max=10000)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=300)])
    source_lang = SelectField(_l("Language of the source"), choices=[("fr", "Français"), ("en", "English")],
                              validators=[Optional()])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1900, 2100)])
    published = BooleanField(_l("Public: shown to everyone (otherwise visible to members only)"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.source_lang.data:   # a new note, or one written before the language was recorded
            self.source_lang.data = current_lang()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not (self.body_fr.data or "").strip() and not (self.body_en.data or "").strip():
            self.body_fr.errors = list(self.body_fr.errors) + [_l("Write the note in French or in English.")]
            return False
        return ok

    def to_input(self) -> NoteInput:
        return NoteInput(title_fr=self.title_fr.data or "", title_en=self.title_en.data or "",
                         body_fr=self.body_fr.data or "", body_en=self.body_en.data or "",
                         source=self.source.data or "", source_lang=self.source_lang.data if self.source.data else None,
                         year=self.year.data, published=self.published.data)
