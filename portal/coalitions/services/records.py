"""Create, update and confirm directory records; regional notes; protocol versions. Flush and audit; the
caller commits."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ... import audit, parity
from ...auth.models import Organisation
from ...db import utcnow
from ...extensions import db
from ...guards import is_web_address, web_address_error
from ...i18n import _l, current_lang, localized
from ...rules import RuleError
from ...textlang import identify
from .. import vocab
from ..models import MODELS, Protocol, ProtocolVersion, RegionNote
from .inputs import INPUTS, ORG_RELATIONS, NoteInput, RecordInput, VersionInput, organisations_of

URL_FIELDS = ("website", "url", "document_url")
# The bilingual texts of directory records, as the warning names them (portal/parity.py).
TEXT_LABELS = {"name": _l("Name"), "title": _l("Title"), "description": _l("Description"), "notes": _l("Notes"),
               "key_points": _l("Key points"), "summary": _l("Summary"), "referral": _l("How to be referred"),
               "eligibility": _l("Eligibility")}


def _kind(record_type: str):
    """The record type's label for an audit summary (translated when the log is read)."""
    return vocab.RECORD_TYPES.get(record_type, record_type)


def _apply(record, data: RecordInput) -> dict[str, list]:
    """Set the editable fields; {field: [old, new]} for what changed."""
    if INPUTS[record.record_type] is not type(data):
        raise TypeError(f"{type(data).__name__} does not describe a {record.record_type}")
    values = data.editable()
    bad = {k: web_address_error() for k in URL_FIELDS if values.get(k) and not is_web_address(values[k])}
    if bad:
        raise RuleError(bad)
    texts = {name[:-3]: TEXT_LABELS.get(name[:-3], name[:-3]) for name in values if name.endswith("_fr")}
    parity.require_both(values, texts, public=bool(values.get("published")) and values.get("status") != "draft",
                        one_language=data.one_language)
    org_field = data.org_field
    plain = {k: v for k, v in values.items() if k != org_field}
    changes = audit.diff(record, list(plain), plain)
    for name, value in plain.items():
        setattr(record, name, value)
    for name in changes:   # a single-language text (a service's hours) carries the language it was written in
        if hasattr(record, f"{name}_lang"):   # what the text says, else the page's (an import: the text's or none)
            text = getattr(record, name)
            setattr(record, f"{name}_lang", (identify(text) or current_lang()) if text else None)
    if org_field:
        old = sorted(o.id for o in organisations_of(record))
        new = sorted(set(values[org_field] or []))
        if old != new:
            orgs = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(new)))) if new else []
            setattr(record, ORG_RELATIONS[record.record_type], orgs)
            changes[org_field] = [old, new]
    return changes


def create_record(data: RecordInput, *, actor: Any, is_sample: bool = False):
    record = MODELS[data.record_type](owner_organisation_id=data.owner_organisation_id, is_sample=is_sample,
                                      last_confirmed_by_id=getattr(actor, "id", None))
    db.session.add(record)
    _apply(record, data)
    record.last_confirmed_at = record.updated_at = utcnow()
    db.session.flush()
    audit.record("directory.created", record, actor=actor, summary=_l("%(kind)s: %(title)s", kind=_kind(data.record_type), title=record.title))
    return record


def update_record(record, data: RecordInput, *, actor: Any, action: str = "directory.updated") -> dict[str, list]:
    """Apply `data` (its owner too, when it names one); {field: [old, new]} for what changed."""
    changes = _apply(record, data)
    owner = data.owner_organisation_id
    if owner is not None and owner != record.owner_organisation_id:
        changes["owner_organisation_id"] = [record.owner_organisation_id, owner]
        record.owner_organisation_id = owner
    now = utcnow()
    # Someone allowed to edit the record has just looked at it whole: that confirms it too.
    record.last_confirmed_at, record.last_confirmed_by_id = now, getattr(actor, "id", None)
    if changes:
        record.updated_at = now
    db.session.flush()
    audit.record(action, record, actor=actor, changes=changes, summary=_l("%(kind)s: %(title)s", kind=_kind(record.record_type), title=record.title))
    return changes


def confirm_record(record, *, actor: Any) -> None:
    record.last_confirmed_at, record.last_confirmed_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    audit.record("directory.confirmed", record, actor=actor, summary=_l("%(kind)s: %(title)s", kind=_kind(record.record_type), title=record.title))


def add_protocol_version(protocol: Protocol, data: VersionInput, *, actor: Any) -> ProtocolVersion:
    if data.document_url.strip() and not is_web_address(data.document_url):
        raise RuleError(field="document_url", message=web_address_error())
    version = ProtocolVersion(protocol=protocol, label=data.label.strip(), document_url=data.document_url.strip(),
                              dated=data.dated, note=data.note.strip(), text_lang=data.lang or current_lang(),
                              created_by_id=getattr(actor, "id", None))
    db.session.add(version)
    protocol.updated_at = utcnow()
    db.session.flush()
    audit.record("directory.protocol_version_added", protocol, actor=actor,
                 changes={"version": [None, version.label]}, summary=_l("%(kind)s: %(title)s", kind=_kind("protocol"), title=protocol.title))
    return version


def save_note(note: RegionNote, data: NoteInput, *, actor: Any) -> RegionNote:
    """Create (note.id is None) or update a regional note."""
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in vars(data).items()}
    if clean.get("source") and not clean.get("source_lang"):   # an API or import caller that did not say
        clean["source_lang"] = identify(clean["source"]) or current_lang()
    creating = note.id is None
    changes = {} if creating else audit.diff(note, list(clean), clean)
    for name, value in clean.items():
        setattr(note, name, value)
    if creating:
        db.session.add(note)
    db.session.flush()
    audit.record("directory.note_created" if creating else "directory.note_updated", note, actor=actor,
                 changes=changes, summary=_l("%(kind)s: %(title)s", kind=note.jurisdiction_code, title=localized(note, "title", "en")))
    return note
