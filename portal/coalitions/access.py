"""Loading and authorising in one step: every route of the directory loads its objects here, so none can
forget who may see or change them (flaskr get_post, Indico _check_access)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import abort
from flask_login import current_user

from ..auth.models import JURISDICTIONS
from ..extensions import db
from ..permissions import authorize, authorize_some, can, can_some
from .models import MODELS, ChangeProposal, Coalition, Protocol, RegionNote, Service, Strategy

# Every role granted directory.edit or directory.propose on a record may also read it (internal.read, or
# its organisation owns it), so only "view" needs the visibility check.
RECORD_ACTIONS = {"view": None, "edit": "directory.edit", "propose": "directory.propose"}


def sees_internal(user: Any) -> bool:
    return can(user, "internal.read")


def may_read(user: Any, record) -> bool:
    """Public records for everyone; the others for members who read internal material and the owners."""
    if record.is_public or sees_internal(user):
        return True
    org_id = getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    return bool(org_id and org_id in record.owner_organisation_ids)


def get_record_or_404(record_type: str, record_id: int, action: str = "view"):
    """A coalition, strategy, protocol or service the current user may `action` (view, edit, propose).
    A record the user may not read is a 404: drafts are not revealed."""
    record = db.session.get(MODELS[record_type], record_id)
    if record is None:
        abort(404)
    permission = RECORD_ACTIONS[action]
    if permission is None:
        if not may_read(current_user, record):
            abort(404)
    else:
        authorize(permission, record)
    return record


def get_coalition_or_404(coalition_id: int, action: str = "view") -> Coalition:
    return get_record_or_404("coalition", coalition_id, action)


def get_strategy_or_404(strategy_id: int, action: str = "view") -> Strategy:
    return get_record_or_404("strategy", strategy_id, action)


def get_protocol_or_404(protocol_id: int, action: str = "view") -> Protocol:
    return get_record_or_404("protocol", protocol_id, action)


def get_service_or_404(service_id: int, action: str = "view") -> Service:
    return get_record_or_404("service", service_id, action)


def get_proposal_or_404(proposal_id: int, action: str = "view") -> ChangeProposal:
    """view: its reviewers and the organisation that sent it; review: its reviewers; withdraw: the sender."""
    proposal = db.session.get(ChangeProposal, proposal_id)
    if proposal is None:
        abort(404)
    org_id = getattr(current_user, "organisation_id", None)
    sender = org_id is not None and org_id == proposal.proposed_by_org_id
    if action == "review":
        authorize("directory.review", proposal)
    elif action == "withdraw":
        if not sender:
            abort(403)
    elif not (sender or can(current_user, "directory.review", proposal)):
        abort(403)
    return proposal


def proposal_record(proposal: ChangeProposal):
    """The record a proposal changes (None for a proposed new record, or when it is gone). Whoever may see
    the proposal may see its record: reviewers read internal material, and the sender's organisation owns it."""
    if proposal.record_id is None:
        return None
    return db.session.get(MODELS[proposal.record_type], proposal.record_id)


def get_province_or_404(code: str) -> str:
    """The province or territory code of a URL, upper-cased; 404 for an unknown one."""
    code = (code or "").upper()
    if code not in JURISDICTIONS:
        abort(404)
    return code


def get_note_or_404(note_id: int, action: str = "edit") -> RegionNote:
    note = db.session.get(RegionNote, note_id)
    if note is None:
        abort(404)
    if action == "view":
        if not (note.published or sees_internal(current_user)):
            abort(404)
    else:
        authorize("directory.edit", note)
    return note


def new_note_or_404(code: str) -> RegionNote:
    """A new (unsaved) note on a province or territory whose notes the current user may keep."""
    note = RegionNote(jurisdiction_code=get_province_or_404(code))
    authorize("directory.edit", note)
    return note


def place(code: str | None, owner_ids: set[int] | None = None) -> SimpleNamespace:
    """What the permission table needs to decide on a province or territory (None: national)."""
    return SimpleNamespace(jurisdiction_code=code, owner_organisation_ids=set(owner_ids or ()))


def may_edit_in(code: str | None) -> bool:
    return can(current_user, "directory.edit", place(code))


def authorize_edit_in(code: str | None, owner_ids: set[int] | None = None) -> None:
    """Creating a record in, or moving one to, a province needs the right to edit there too."""
    authorize("directory.edit", place(code, owner_ids))


def allowed_jurisdictions(action: str) -> list[str] | None:
    """None: every code and national. Otherwise the codes where the current user may `action`."""
    if can(current_user, action):
        return None
    return [c for c in JURISDICTIONS if can(current_user, action, place(c))]


def authorize_new_record() -> None:
    authorize_some("directory.edit")


def authorize_propose_new() -> None:
    """An organisation proposes records of its own; the secretariat may propose anything."""
    authorize_some("directory.propose")
    mine = place(None, {current_user.organisation_id})
    if not (can(current_user, "directory.propose", mine) or can(current_user, "directory.propose")):
        abort(403)


def authorize_proposals_page() -> bool:
    """The proposals list is for reviewers and proposers; True when the user reviews."""
    reviews = can_some(current_user, "directory.review")
    if not (reviews or can_some(current_user, "directory.propose")):
        abort(403)
    return reviews
