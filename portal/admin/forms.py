from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional, URL

from ..auth.models import JURISDICTIONS, ORG_TYPE_LABELS
from ..i18n import _l


class OrganisationForm(FlaskForm):
    short_name = StringField(_l("Short name"), validators=[DataRequired(), Length(max=40)])
    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=300)])
    org_type = SelectField(_l("Type"), choices=list(ORG_TYPE_LABELS.items()))
    jurisdiction_code = SelectField(_l("Province or territory"), choices=[("", "—")] + [(c, c) for c in JURISDICTIONS],
                                    validators=[Optional()])
    website = URLField(_l("Website"), validators=[Optional(), URL(message=_l("Enter a full web address.")), Length(max=500)])


class OrganisationEditForm(OrganisationForm):
    active = BooleanField(_l("Active (offered when inviting new users)"))
