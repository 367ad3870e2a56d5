"""Organisations propose changes to their records (or new records); reviewers approve or reject them with a
reason; the proposer may withdraw. Flush, audit and queue mail; the caller commits."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date

from ... import audit
from ...auth.models import User
from ...db import utcnow
from ...extensions import db
from ...i18n import _, _l, current_lang
from ...mail import queue_mail
from ...rules import RuleError
from .. import vocab
from ..models import MODELS, ChangeProposal
from ..queries import reviewers_for
from .inputs import INPUTS, RecordInput, input_fields, input_from, new_input, organisations_of
from .records import create_record, update_record


def to_json(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return sorted(value)
    return value


def current_values(record) -> dict[str, Any]:
    """The record's editable fields as a proposal stores them (JSON: dates as ISO strings)."""
    values = {f: to_json(getattr(record, f)) for f in record.EDITABLE}
    org_field = INPUTS[record.record_type].org_field
    if org_field:
        values[org_field] = sorted(o.id for o in organisations_of(record))
    return values


def stored_values(proposal: ChangeProposal) -> dict[str, Any]:
    """What a proposal stores, typed again (dates), for the fields a record input has."""
    model, names = MODELS[proposal.record_type], set(input_fields(proposal.record_type))
    out = {}
    for name, value in proposal.proposed.items():
        if name not in names:
            continue
        column = model.__table__.columns.get(name)
        if column is not None and isinstance(column.type, Date) and isinstance(value, str):
            value = date.fromisoformat(value) if value else None
        out[name] = value
    return out


def propose_change(record, data: RecordInput, *, actor: User, comment: str = "") -> ChangeProposal:
    """Keep only what differs from the record now; nothing different is an error, not an empty proposal."""
    now_values = current_values(record)
    proposed = {k: to_json(v) for k, v in data.editable().items()
                if k in now_values and k != "published" and to_json(v) != now_values[k]}
    if not proposed:
        raise RuleError(message=_("Your proposal does not change anything in the record."))
    proposal = ChangeProposal(record_type=record.record_type, record_id=record.id,
                              jurisdiction_code=record.jurisdiction_code, proposed=proposed,
                              base={k: now_values[k] for k in proposed}, comment=comment.strip(),
                              proposed_by_id=actor.id, proposed_by_org_id=actor.organisation_id)
    db.session.add(proposal)
    db.session.flush()
    audit.record("directory.change_proposed", proposal, actor=actor, changes={k: [proposal.base[k], v]
                 for k, v in proposed.items()}, summary=f"{record.record_type}:{record.id}")
    _notify_reviewers(proposal, record)
    return proposal


def propose_new(data: RecordInput, *, actor: User, comment: str = "") -> ChangeProposal:
    """An organisation proposes a new record of its own (e.g. a service it runs); created on approval."""
    proposed = {k: to_json(v) for k, v in data.editable().items() if k != "published" and v not in (None, "", [])}
    proposal = ChangeProposal(record_type=data.record_type, record_id=None, jurisdiction_code=data.jurisdiction_code,
                              proposed=proposed, base={}, comment=comment.strip(), proposed_by_id=actor.id,
                              proposed_by_org_id=actor.organisation_id)
    db.session.add(proposal)
    db.session.flush()
    audit.record("directory.record_proposed", proposal, actor=actor, summary=_l("new: %(kind)s", kind=vocab.RECORD_TYPES.get(data.record_type, data.record_type)))
    _notify_reviewers(proposal, None)
    return proposal


def _pending(proposal: ChangeProposal) -> None:
    if proposal.status != "pending":
        raise RuleError(message=_("This proposal has already been reviewed."))


def approve_proposal(proposal: ChangeProposal, *, actor: Any) -> dict[str, list]:
    _pending(proposal)
    values = stored_values(proposal)
    if proposal.record_id is None:
        data = new_input(proposal.record_type, **values, owner_organisation_id=proposal.proposed_by_org_id)
        record = create_record(data, actor=actor)
        proposal.record_id = record.id
        changes = {k: [None, v] for k, v in proposal.proposed.items()}
    else:
        record = db.session.get(MODELS[proposal.record_type], proposal.record_id)
        if record is None:
            raise RuleError(message=_("The record this proposal changes no longer exists."))
        changes = update_record(record, input_from(record, **values), actor=actor,
                                action="directory.proposal_applied")
    proposal.status, proposal.reviewed_by_id, proposal.reviewed_at = "approved", actor.id, utcnow()
    db.session.flush()
    audit.record("directory.proposal_approved", proposal, actor=actor, summary=f"{proposal.record_type}:{record.id}")
    _notify_proposer(proposal, record)
    return changes


def reject_proposal(proposal: ChangeProposal, *, actor: Any, reason: str) -> None:
    _pending(proposal)
    if not reason.strip():
        raise RuleError(field="reason",
                        message=_("Give the reason for rejecting the proposal; the organisation will receive it."))
    proposal.status, proposal.reason = "rejected", reason.strip()
    proposal.reviewed_by_id, proposal.reviewed_at = actor.id, utcnow()
    db.session.flush()
    audit.record("directory.proposal_rejected", proposal, actor=actor, summary=reason.strip()[:200])
    record = db.session.get(MODELS[proposal.record_type], proposal.record_id) if proposal.record_id else None
    _notify_proposer(proposal, record)


def withdraw_proposal(proposal: ChangeProposal, *, actor: Any) -> None:
    _pending(proposal)
    proposal.status, proposal.reviewed_at = "withdrawn", utcnow()
    db.session.flush()
    audit.record("directory.proposal_withdrawn", proposal, actor=actor)


def _notify_reviewers(proposal: ChangeProposal, record) -> None:
    for user in reviewers_for(proposal.jurisdiction_code):
        queue_mail(user.email, "coalitions/proposal_received", user.preferred_lang, proposal=proposal,
                   record=record, user=user)


def _notify_proposer(proposal: ChangeProposal, record) -> None:
    user = proposal.proposed_by
    if user is None or not user.active:
        return
    queue_mail(user.email, "coalitions/proposal_reviewed", user.preferred_lang, proposal=proposal,
               record=record, user=user, reason_lang=current_lang())   # the reason: the reviewer's page language
