"""Follows forms: a follow button (the key rides in a hidden field), the email rhythm."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField

from ..i18n import _l
from .models import RHYTHMS


class FollowForm(FlaskForm):
    key = HiddenField()
    next = HiddenField()


class RhythmForm(FlaskForm):
    rhythm = RadioField(_l("Email me"), choices=[(k, v) for k, v in RHYTHMS.items()], default="weekly")

    def to_input(self) -> str:
        return self.rhythm.data


class OrganisationFollowForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, choices=[])

    def to_input(self) -> str:
        return f"organisation:{self.organisation.data}"
