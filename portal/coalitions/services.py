"""The rules of the directory: create, update, confirm, propose, review. Services flush and audit; the
caller commits."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, select

from .. import audit
from ..auth.models import Organisation, User
from ..db import utcnow
from ..extensions import db
from ..mail import queue_mail
from .models import MODELS, ChangeProposal, Coalition, Protocol, ProtocolVersion

# Fields that hold lists of organisations, handled apart from plain columns.
ORG_LIST_FIELDS = {"coalition": "member_ids", "protocol": "party_ids"}


class DirectoryError(ValueError):
    """A rule of the directory was broken; the message is translated and shown to the user."""


def to_json(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return sorted(value)
    return value


def from_json(model: type, field: str, value: Any) -> Any:
    column = model.__table__.columns.get(field)
    if column is not None and isinstance(column.type, Date) and isinstance(value, str):
        return date.fromisoformat(value) if value else None
    return value


def current_values(record, fields=None) -> dict[str, Any]:
    fields = fields or record.EDITABLE
    values = {f: to_json(getattr(record, f)) for f in fields if f in record.EDITABLE}
    org_field = ORG_LIST_FIELDS.get(record.record_type)
    if org_field and (not fields or org_field in fields or fields is record.EDITABLE):
        values[org_field] = sorted(o.id for o in _orgs_of(record))
    return values


def _orgs_of(record):
    if isinstance(record, Coalition):
        return record.members
    if isinstance(record, Protocol):
        return record.parties
    return []


def _set_orgs(record, ids) -> None:
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(list(ids or []))))) if ids else []
    if isinstance(record, Coalition):
        record.members = orgs
    elif isinstance(record, Protocol):
        record.parties = orgs


def _apply(record, values: dict[str, Any]) -> dict[str, list]:
    model = type(record)
    plain = {k: from_json(model, k, v) for k, v in values.items() if k in record.EDITABLE}
    changes = audit.diff(record, list(plain), plain)
    for field, value in plain.items():
        setattr(record, field, value)
    org_field = ORG_LIST_FIELDS.get(record.record_type)
    if org_field and org_field in values:
        old = sorted(o.id for o in _orgs_of(record))
        new = sorted(set(values[org_field] or []))
        if old != new:
            _set_orgs(record, new)
            changes[org_field] = [old, new]
    return changes


def create_record(record_type: str, values: dict[str, Any], *, owner: Organisation | None, actor: Any,
                  is_sample: bool = False):
    model = MODELS[record_type]
    record = model(owner_organisation_id=owner.id if owner else None, is_sample=is_sample,
                   last_confirmed_by_id=getattr(actor, "id", None))
    db.session.add(record)
    _apply(record, values)
    record.last_confirmed_at = record.updated_at = utcnow()
    db.session.flush()
    audit.record("directory.created", record, actor=actor, summary=f"{record_type} {record.title}")
    return record


def update_record(record, values: dict[str, Any], *, actor: Any, owner: Organisation | None = None,
                  action: str = "directory.updated") -> dict[str, list]:
    changes = _apply(record, values)
    if owner is not None and owner.id != record.owner_organisation_id:
        changes["owner_organisation_id"] = [record.owner_organisation_id, owner.id]
        record.owner_organisation_id = owner.id
    now = utcnow()
    # Someone allowed to edit the record has just looked at it whole: that confirms it too.
    record.last_confirmed_at, record.last_confirmed_by_id = now, getattr(actor, "id", None)
    if changes:
        record.updated_at = now
    db.session.flush()
    audit.record(action, record, actor=actor, changes=changes, summary=f"{record.record_type} {record.title}")
    return changes


def confirm_record(record, *, actor: Any) -> None:
    record.last_confirmed_at, record.last_confirmed_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    audit.record("directory.confirmed", record, actor=actor, summary=f"{record.record_type} {record.title}")


def add_protocol_version(protocol: Protocol, *, label: str, document_url: str, dated: date | None, note: str,
                         actor: Any) -> ProtocolVersion:
    version = ProtocolVersion(protocol=protocol, label=label.strip(), document_url=document_url.strip(),
                              dated=dated, note=note.strip(), created_by_id=getattr(actor, "id", None))
    db.session.add(version)
    protocol.updated_at = utcnow()
    db.session.flush()
    audit.record("directory.protocol_version_added", protocol, actor=actor,
                 changes={"version": [None, version.label]}, summary=f"protocol {protocol.title}")
    return version


def propose_change(record, values: dict[str, Any], *, actor: User, comment: str = "") -> ChangeProposal:
    """Keep only what differs from the record now; nothing different is an error, not an empty proposal."""
    from ..i18n import _

    now_values = current_values(record)
    proposed = {k: to_json(v) for k, v in values.items()
                if k in now_values and to_json(v) != now_values[k] and k != "published"}
    if not proposed:
        raise DirectoryError(_("Your proposal does not change anything in the record."))
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


def propose_new(record_type: str, values: dict[str, Any], *, actor: User, comment: str = "") -> ChangeProposal:
    """An organisation proposes a new record of its own (e.g. a service it runs); created on approval."""
    proposed = {k: to_json(v) for k, v in values.items() if k != "published" and v not in (None, "", [])}
    proposal = ChangeProposal(record_type=record_type, record_id=None,
                              jurisdiction_code=values.get("jurisdiction_code"), proposed=proposed, base={},
                              comment=comment.strip(), proposed_by_id=actor.id,
                              proposed_by_org_id=actor.organisation_id)
    db.session.add(proposal)
    db.session.flush()
    audit.record("directory.record_proposed", proposal, actor=actor, summary=f"new {record_type}")
    _notify_reviewers(proposal, None)
    return proposal


def record_of(proposal: ChangeProposal):
    if proposal.record_id is None:
        return None
    return db.session.get(MODELS[proposal.record_type], proposal.record_id)


def approve_proposal(proposal: ChangeProposal, *, actor: Any) -> dict[str, list]:
    from ..i18n import _

    if proposal.status != "pending":
        raise DirectoryError(_("This proposal has already been reviewed."))
    if proposal.record_id is None:
        record = create_record(proposal.record_type, proposal.proposed, owner=proposal.proposed_by_org, actor=actor)
        proposal.record_id = record.id
        changes = {k: [None, v] for k, v in proposal.proposed.items()}
    else:
        record = record_of(proposal)
        if record is None:
            raise DirectoryError(_("The record this proposal changes no longer exists."))
        changes = update_record(record, proposal.proposed, actor=actor, action="directory.proposal_applied")
    proposal.status, proposal.reviewed_by_id, proposal.reviewed_at = "approved", actor.id, utcnow()
    db.session.flush()
    audit.record("directory.proposal_approved", proposal, actor=actor, summary=f"{proposal.record_type}:{record.id}")
    _notify_proposer(proposal, record)
    return changes


def reject_proposal(proposal: ChangeProposal, *, actor: Any, reason: str) -> None:
    from ..i18n import _

    if proposal.status != "pending":
        raise DirectoryError(_("This proposal has already been reviewed."))
    if not reason.strip():
        raise DirectoryError(_("Give the reason for rejecting the proposal; the organisation will receive it."))
    proposal.status, proposal.reason = "rejected", reason.strip()
    proposal.reviewed_by_id, proposal.reviewed_at = actor.id, utcnow()
    db.session.flush()
    audit.record("directory.proposal_rejected", proposal, actor=actor, summary=reason.strip()[:200])
    _notify_proposer(proposal, record_of(proposal))


def withdraw_proposal(proposal: ChangeProposal, *, actor: Any) -> None:
    from ..i18n import _

    if proposal.status != "pending":
        raise DirectoryError(_("This proposal has already been reviewed."))
    proposal.status, proposal.reviewed_at = "withdrawn", utcnow()
    db.session.flush()
    audit.record("directory.proposal_withdrawn", proposal, actor=actor)


def reviewers_for(jurisdiction_code: str | None) -> list[User]:
    """The province's or territory's editors, or the secretariat for national records (and when a
    province has no editor yet, so that no proposal waits unseen)."""
    from ..auth.models import UserRole

    users = []
    if jurisdiction_code:
        users = [u for u in db.session.scalars(
            select(User).join(UserRole).where(UserRole.role == "jurisdiction_editor", User.active.is_(True)))
            if u.jurisdiction_code == jurisdiction_code]
    if not users:
        users = list(db.session.scalars(
            select(User).join(UserRole).where(UserRole.role == "secretariat", User.active.is_(True))))
    return users


def _notify_reviewers(proposal: ChangeProposal, record) -> None:
    for user in reviewers_for(proposal.jurisdiction_code):
        queue_mail(user.email, "coalitions/proposal_received", user.preferred_lang, proposal=proposal,
                   record=record, user=user)


def _notify_proposer(proposal: ChangeProposal, record) -> None:
    user = proposal.proposed_by
    if user is None or not user.active:
        return
    queue_mail(user.email, "coalitions/proposal_reviewed", user.preferred_lang, proposal=proposal,
               record=record, user=user)


def save_note(note, values: dict[str, Any], *, actor: Any):
    """Create (note.id is None) or update a regional note."""
    from .models import RegionNote

    fields = ("title_fr", "title_en", "body_fr", "body_en", "source", "year", "published")
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in fields}
    creating = note.id is None
    changes = audit.diff(note, list(clean), clean) if not creating else {}
    for k, v in clean.items():
        setattr(note, k, v)
    if creating:
        db.session.add(note)
    db.session.flush()
    audit.record("directory.note_created" if creating else "directory.note_updated", note, actor=actor,
                 changes=changes, summary=f"{note.jurisdiction_code} {note.title_en or note.title_fr}"[:200])
    assert isinstance(note, RegionNote)
    return note
