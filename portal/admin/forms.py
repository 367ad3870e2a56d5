"""Administration forms; each form's to_input() gives its service's dataclass."""
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from ..auth.forms import MultiCheckboxField, email_address
from ..auth.models import EMAIL_LANGUAGES, JURISDICTIONS, ORG_TYPE_LABELS
from ..i18n import _, _l
from .services import NewUser, OrganisationInput


class OrganisationForm(FlaskForm):
    short_name = StringField(_l("Short name in English"), validators=[DataRequired(), Length(max=40)])
    short_name_fr = StringField(_l("Short name in French"), validators=[Optional(), Length(max=40)],
                                description=_l("e.g. GRC. Leave empty when it is the same in both languages."))
    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=300)])
    org_type = SelectField(_l("Type"), choices=list(ORG_TYPE_LABELS.items()))
    jurisdiction_code = SelectField(_l("Province or territory"), choices=[("", "—")] + [(c, c) for c in JURISDICTIONS],
                                    validators=[Optional()])
    website = URLField(_l("Website"), validators=[Optional(), URL(message=_l("Enter a full web address.")), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The example is an English acronym on French pages too: marked as English for screen readers.
        self.short_name.description = Markup(escape(_(
            "The acronym English readers know, e.g. %(example)s. Imports accept either form."))) % {
            "example": Markup('<span lang="en">RCMP</span>')}

    def to_input(self) -> OrganisationInput:
        active = self.active.data if "active" in self._fields else True
        return OrganisationInput(short_name=self.short_name.data or "", name_fr=self.name_fr.data or "",
                                 name_en=self.name_en.data or "", org_type=self.org_type.data,
                                 jurisdiction_code=self.jurisdiction_code.data or None,
                                 website=self.website.data or None, active=bool(active),
                                 short_name_fr=(self.short_name_fr.data or "").strip() or None)


class OrganisationEditForm(OrganisationForm):
    active = BooleanField(_l("Active (offered when inviting new users)"))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), email_address, Length(max=254)])
    display_name = StringField(_l("Name"), validators=[Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(message=_l("Choose at least one role."))])
    preferred_lang = SelectField(_l("Language for email"), choices=list(EMAIL_LANGUAGES.items()), default="",
                                 description=_l("Unknown: both languages until the person signs in; they can "
                                                "change it on their account page."))

    def to_input(self) -> NewUser:
        return NewUser(email=self.email.data, display_name=self.display_name.data or "",
                       organisation_id=self.organisation_id.data, roles=list(self.roles.data),
                       preferred_lang=self.preferred_lang.data or None)


class RolesForm(FlaskForm):
    roles = SelectMultipleField(_l("Roles"))

    def to_input(self) -> list[str]:
        return list(self.roles.data or [])
