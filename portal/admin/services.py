"""Organisation rules for the administration screens. Services never commit."""
from __future__ import annotations

from .. import audit
from ..auth.models import Organisation
from ..extensions import db
from ..i18n import _

FIELDS = ("short_name", "name_fr", "name_en", "org_type", "jurisdiction_code", "website", "active")


class OrganisationError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _clean(data: dict) -> dict:
    values = {k: data[k] for k in FIELDS if k in data}
    for key in ("short_name", "name_fr", "name_en", "website"):
        if key in values and isinstance(values[key], str):
            values[key] = values[key].strip()
    values["jurisdiction_code"] = values.get("jurisdiction_code") or None
    values["website"] = values.get("website") or None
    return values


def _check(values: dict, org: Organisation | None) -> None:
    other = Organisation.by_short_name(values["short_name"])
    if other is not None and other is not org:
        raise OrganisationError("short_name", _("This short name is already used."))
    if values["org_type"] == "jurisdiction" and not values["jurisdiction_code"]:
        raise OrganisationError("jurisdiction_code",
                                _("Choose the province or territory of a province or territory government."))


def create_organisation(data: dict, *, actor) -> Organisation:
    values = _clean(data)
    values.setdefault("active", True)
    _check(values, None)
    org = Organisation(**values)
    db.session.add(org)
    db.session.flush()
    audit.record("organisation.created", org, actor=actor, summary=org.short_name,
                 changes={k: [None, v] for k, v in values.items() if v is not None})
    return org


def update_organisation(org: Organisation, data: dict, *, actor) -> dict:
    values = _clean(data)
    _check(values, org)
    changes = audit.diff(org, FIELDS, values)
    if not changes:
        return {}
    for key in changes:
        setattr(org, key, values[key])
    db.session.flush()
    audit.record("organisation.updated", org, actor=actor, summary=org.short_name, changes=changes)
    return changes
