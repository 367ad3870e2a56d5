"""Administration verbs: inviting people, organisations. A dataclass in, RuleError out; never commit."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import url_for

from .. import audit
from ..auth import services as accounts
from ..auth.models import Organisation, User
from ..extensions import db
from ..i18n import _
from ..mail import link_lang, queue_mail
from ..rules import RuleError

FIELDS = ("short_name", "short_name_fr", "name_fr", "name_en", "org_type", "jurisdiction_code", "website", "active")


@dataclass
class NewUser:
    email: str
    display_name: str
    organisation_id: int
    roles: list[str]
    preferred_lang: str | None   # None: unknown, mail in both languages


@dataclass
class OrganisationInput:
    short_name: str
    name_fr: str
    name_en: str
    org_type: str
    jurisdiction_code: str | None = None
    website: str | None = None
    active: bool = True
    short_name_fr: str | None = None      # GRC for RCMP; empty: the same in French


def invite_user(new: NewUser, *, actor: User) -> tuple[User, str]:
    """Create the account and mail it a single-use invitation; the link is returned to show to the admin."""
    org = db.session.get(Organisation, new.organisation_id)
    if org is None or not org.active:
        raise RuleError(field="organisation_id", message=_("Choose an organisation from the list."))
    user = accounts.create_user(new.email, org, new.roles, display_name=new.display_name,
                                preferred_lang=new.preferred_lang, actor=actor)
    return user, send_invitation(user, actor=actor)


def send_invitation(user: User, *, actor: User) -> str:
    """A new invitation link (older ones stop working), mailed in the person's language (both when unknown)."""
    token = accounts.invite(user, actor=actor)
    link = url_for("auth.accept_invitation", token=token, lang=link_lang(user.preferred_lang), _external=True)
    queue_mail(user.email, "invitation", lang=user.preferred_lang, link=link, user=user, secret=True)
    return link


def _clean(data: OrganisationInput) -> dict:
    values = asdict(data)
    for key in ("short_name", "short_name_fr", "name_fr", "name_en", "website"):
        if isinstance(values[key], str):
            values[key] = values[key].strip()
    values["jurisdiction_code"] = values["jurisdiction_code"] or None
    values["website"] = values["website"] or None
    values["short_name_fr"] = values["short_name_fr"] or None
    return values


def _check(values: dict, org: Organisation | None) -> None:
    other = Organisation.by_short_name(values["short_name"])
    if other is not None and other is not org:
        raise RuleError(field="short_name", message=_("This short name is already used."))
    if values["short_name_fr"]:
        other = Organisation.by_short_name(values["short_name_fr"])
        if other is not None and other is not org:
            raise RuleError(field="short_name_fr", message=_("This short name is already used."))
    if values["org_type"] == "jurisdiction" and not values["jurisdiction_code"]:
        raise RuleError(field="jurisdiction_code",
                        message=_("Choose the province or territory of a province or territory government."))


def create_organisation(data: OrganisationInput, *, actor) -> Organisation:
    values = _clean(data)
    _check(values, None)
    org = Organisation(**values)
    db.session.add(org)
    db.session.flush()
    audit.record("organisation.created", org, actor=actor, summary=org.short_name,
                 changes={k: [None, v] for k, v in values.items() if v is not None})
    return org


def update_organisation(org: Organisation, data: OrganisationInput, *, actor) -> dict:
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
