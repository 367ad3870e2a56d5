"""Who may do what: one table of role x action, plus ownership (CKAN authz.py).

A grant is ALL (any object), OWN_ORG (objects whose owner organisations include the user's) or
OWN_JURISDICTION (objects of the user's province or territory). Objects declare ownership through
`owner_organisation_ids` (a set of ids) and/or `jurisdiction_code`.

Every route loads and authorises through `authorize()` / `get_or_404()`, so no view can forget it.
"""
from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from .extensions import db


class Scope(Enum):
    ALL = "all"
    OWN_ORG = "own_org"
    OWN_JURISDICTION = "own_jurisdiction"


ALL, OWN_ORG, OWN_JURISDICTION = Scope.ALL, Scope.OWN_ORG, Scope.OWN_JURISDICTION

VISITOR = "visitor"  # pseudo-role of every request, signed in or not
MEMBER = "member"    # pseudo-role of every signed-in, active account

# Visibility levels of content, narrowest last. Search filters on these inside the query.
PUBLIC, INTERNAL, COMMITTEE, SECRETARIAT = "public", "internal", "committee", "secretariat"
VISIBILITY_LEVELS = (PUBLIC, INTERNAL, COMMITTEE, SECRETARIAT)

ROLE_PERMISSIONS: dict[str, dict[str, Scope]] = {
    VISITOR: {
        "public.read": ALL,
        "consultation.respond": ALL,          # public consultations; audience checked by the feature
    },
    MEMBER: {
        "account.manage_own": ALL,
        "search.save": ALL,
    },
    "admin": {
        "users.manage": ALL,
        "organisations.manage": ALL,
        "settings.manage": ALL,
        "audit.read": ALL,
    },
    "secretariat": {
        "internal.read": ALL,
        "committee.read": ALL,
        "secretariat.read": ALL,
        "audit.read": ALL,
        # commitments
        "plan.manage": ALL, "commitment.edit": ALL, "commitment.import": ALL,
        "update.submit": ALL, "update.publish": ALL, "cycle.manage": ALL,
        "spending.edit": ALL, "indicator.edit": ALL,
        # coalitions, strategies, protocols, services
        "directory.edit": ALL, "directory.propose": ALL, "directory.review": ALL, "directory.import": ALL,
        # consultations
        "consultation.manage": ALL, "submission.moderate": ALL, "submission.tag": ALL,
        "submission.export": ALL, "submission.for_org": ALL, "roundtable.manage": ALL,
        # search and lessons
        "lesson.create": ALL, "lesson.comment": ALL, "lesson.publish": ALL, "glossary.edit": ALL,
        "search.rebuild": ALL,
        # public records missing a language (portal/parity.py)
        "translation.review": ALL,
    },
    "department_lead": {
        "internal.read": ALL,
        "commitment.edit": OWN_ORG,
        "update.submit": OWN_ORG,
        "spending.edit": OWN_ORG,
        "indicator.edit": OWN_ORG,
        "submission.for_org": ALL,
    },
    "jurisdiction_editor": {
        "internal.read": ALL,
        "directory.edit": OWN_JURISDICTION,
        "directory.propose": OWN_JURISDICTION,
        "directory.review": OWN_JURISDICTION,
        "submission.for_org": ALL,
    },
    "ngo_member": {
        "directory.propose": OWN_ORG,
        "submission.for_org": ALL,
        "submission.on_behalf": ALL,
    },
    "committee_member": {
        "internal.read": ALL,
        "committee.read": ALL,
        "submission.tag": ALL,
        "lesson.create": ALL,
        "lesson.comment": ALL,
        "submission.for_org": ALL,
    },
}


def roles_of(user: Any) -> list[str]:
    roles = [VISITOR]
    if user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False):
        roles.append(MEMBER)
        roles.extend(sorted(user.roles))
    return roles


def _owner_org_ids(obj: Any) -> set[int]:
    ids = getattr(obj, "owner_organisation_ids", None)
    if ids is None:
        one = getattr(obj, "owner_organisation_id", None)
        ids = {one} if one is not None else set()
    return set(ids)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """True when the user may do `action` to `obj`. Without obj, only an ALL grant counts."""
    for role in roles_of(user):
        scope = ROLE_PERMISSIONS.get(role, {}).get(action)
        if scope is None:
            continue
        if scope is ALL:
            return True
        if obj is None:
            continue
        if scope is OWN_ORG and user.organisation_id in _owner_org_ids(obj):
            return True
        if scope is OWN_JURISDICTION and user.jurisdiction_code and \
                getattr(obj, "jurisdiction_code", None) == user.jurisdiction_code:
            return True
    return False


def can_some(user: Any, action: str) -> bool:
    """True when the user may do `action` to at least some objects (to show a menu entry or a list)."""
    return any(action in ROLE_PERMISSIONS.get(role, {}) for role in roles_of(user))


def visibility_levels(user: Any) -> set[str]:
    """The content visibility levels this user may read."""
    levels = {PUBLIC}
    if can(user, "internal.read"):
        levels.add(INTERNAL)
    if can(user, "committee.read"):
        levels.add(COMMITTEE)
    if can(user, "secretariat.read"):
        levels.add(SECRETARIAT)
    return levels


def may_see(user: Any, visibility: str, owner_org_ids: set[int] | None = None) -> bool:
    if visibility in visibility_levels(user):
        return True
    org_id = getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    return bool(org_id and owner_org_ids and org_id in owner_org_ids)


def authorize(action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort unless the current user may do action (to obj).

    Visitors are sent to the login page (401 handler); signed-in users get 403, or 404 when `hide`
    is set so the existence of confidential material is not revealed.
    """
    ok = can(current_user, action, obj) if obj is not None else (can(current_user, action) or False)
    if ok:
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(404 if hide else 403)


def authorize_some(action: str) -> None:
    if can_some(current_user, action):
        return
    abort(401 if not current_user.is_authenticated else 403)


T = TypeVar("T")


def get_or_404(model: type[T], ident: Any, action: str | None = None, *, hide: bool = False) -> T:
    """Load one object by primary key and authorise `action` on it, or abort 404/403/401."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    if action is not None:
        authorize(action, obj, hide=hide)
    return obj
