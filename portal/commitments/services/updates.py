"""Progress updates: draft -> submitted -> published by the secretariat (or sent back with a comment), with
their evidence files and links."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ... import audit, files
from ...db import utcnow
from ...extensions import db
from ...i18n import _, current_lang
from ...rules import RuleError
from ..models import Commitment, Evidence, ProgressUpdate, ReportingCycle
from ..rules import check_progress
from .history import set_status_progress
from .notify import mail, secretariat_users

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass
class EvidenceInput:
    """A file (its name and bytes) and/or a web address, with one description for both."""
    filename: str = ""
    content: bytes = b""
    url: str = ""
    label: str = ""
    lang: str | None = None          # the label's language; None: the writer's (the page's)


@dataclass
class UpdateInput:
    as_of: date | None
    status: str
    progress: str
    no_change: bool = False
    narrative_fr: str = ""
    narrative_en: str = ""
    challenges_fr: str = ""
    challenges_en: str = ""
    cycle_id: int | None = None
    evidence: EvidenceInput | None = None


@dataclass
class ReturnInput:
    comment: str


def _check_update(commitment: Commitment, data: UpdateInput, current_cycle_id: int | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    statuses = commitment.plan.status_by_key()
    values: dict[str, Any] = {"as_of": data.as_of, "no_change": bool(data.no_change), "cycle_id": data.cycle_id}
    for f in ("narrative_fr", "narrative_en", "challenges_fr", "challenges_en"):
        values[f] = (getattr(data, f) or "").strip()
    if data.no_change:
        values["status"], values["progress"] = commitment.status, commitment.progress
    else:
        if data.status not in statuses:
            errors["status"] = _("Choose a status from the list.")
        values["status"] = data.status
        try:
            values["progress"] = check_progress(data.progress)
        except ValueError as exc:
            errors["progress"] = str(exc)
        if not values["narrative_fr"] and not values["narrative_en"]:
            errors["narrative_fr"] = _("Describe the progress in French or in English, or tick “no change this "
                                       "period”.")
    if data.as_of is None:
        errors["as_of"] = _("Enter the date of this update.")
    if data.cycle_id is not None and data.cycle_id != current_cycle_id and db.session.scalar(
            select(ReportingCycle.id).where(ReportingCycle.id == data.cycle_id, ReportingCycle.status == "open",
                                            ReportingCycle.plan_id == commitment.plan_id)) is None:
        errors["cycle_id"] = _("Choose a reporting cycle from the list.")
    if errors:
        raise RuleError(errors)
    return values


def create_update(commitment: Commitment, data: UpdateInput, actor: Any) -> ProgressUpdate:
    values = _check_update(commitment, data)
    upd = ProgressUpdate(commitment=commitment, organisation_id=actor.organisation_id, author_id=actor.id, **values)
    db.session.add(upd)
    db.session.flush()
    audit.record("progress_update.created", upd, actor=actor, summary=commitment.ref)
    if data.evidence is not None:
        add_evidence(upd, data.evidence, actor)
    return upd


def edit_update(upd: ProgressUpdate, data: UpdateInput, actor: Any) -> dict:
    if not upd.editable:
        raise RuleError(field="state", message=_("Only a draft or an update sent back can be changed."))
    values = _check_update(upd.commitment, data, current_cycle_id=upd.cycle_id)
    changes = audit.diff(upd, list(values), values)
    for k, v in values.items():
        setattr(upd, k, v)
    db.session.flush()
    audit.record("progress_update.edited", upd, actor=actor, changes=changes)
    if data.evidence is not None:
        add_evidence(upd, data.evidence, actor)
    return changes


def submit_update(upd: ProgressUpdate, actor: Any) -> None:
    if not upd.editable:
        raise RuleError(field="state", message=_("This update has already been submitted."))
    upd.state, upd.submitted_at = "submitted", utcnow()
    db.session.flush()
    audit.record("progress_update.submitted", upd, actor=actor, summary=upd.commitment.ref)
    for user in secretariat_users():
        mail(user.email, "commitments/update_submitted", user.preferred_lang, update=upd, commitment=upd.commitment,
             user=user)


def publish_update(upd: ProgressUpdate, actor: Any) -> None:
    if upd.state != "submitted":
        raise RuleError(field="state", message=_("Only a submitted update can be published."))
    upd.state, upd.published_at, upd.published_by_id = "published", utcnow(), actor.id
    changes = set_status_progress(upd.commitment, upd.status, upd.progress, actor, update_id=upd.id)
    if upd.no_change:
        changes = {}
    db.session.flush()
    audit.record("progress_update.published", upd, actor=actor, changes=changes, summary=upd.commitment.ref)
    if upd.author is not None and upd.author.active:
        mail(upd.author.email, "commitments/update_published", upd.author.preferred_lang, update=upd,
             commitment=upd.commitment, user=upd.author)


def return_update(upd: ProgressUpdate, data: ReturnInput, actor: Any) -> None:
    if upd.state != "submitted":
        raise RuleError(field="comment", message=_("Only a submitted update can be sent back."))
    comment = (data.comment or "").strip()
    if not comment:
        raise RuleError(field="comment", message=_("Say what needs to change before sending it back."))
    upd.state, upd.return_comment = "returned", comment
    db.session.flush()
    audit.record("progress_update.returned", upd, actor=actor, summary=comment[:200])
    if upd.author is not None and upd.author.active:
        mail(upd.author.email, "commitments/update_returned", upd.author.preferred_lang, update=upd,
             commitment=upd.commitment, user=upd.author, comment=comment, comment_lang=current_lang())


def add_evidence(upd: ProgressUpdate, data: EvidenceInput, actor: Any) -> list[Evidence]:
    """Keep a file only if its content is an accepted kind and it is small enough (portal.files); a link
    only if it is a full web address."""
    added = []
    if data.filename or data.content:
        upload = files.check_bytes(data.content, data.filename, kinds=files.EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES,
                                   field="evidence_file")
        added.append(Evidence(update=upd, kind="file", filename=upload.filename[:255], file=files.store(upload),
                              content_type=upload.content_type, size=upload.size,
                              label=(data.label or upload.filename)[:300]))
    url = (data.url or "").strip()
    if url:
        if not (url.startswith("https://") or url.startswith("http://")) or " " in url:
            raise RuleError(field="evidence_url", message=_("Enter a full web address starting with https://."))
        added.append(Evidence(update=upd, kind="link", url=url[:1000], label=(data.label or url)[:300]))
    for ev in added:
        # A label the person wrote carries its language; a file name or an address has none.
        ev.label_lang = (data.lang or current_lang()) if (data.label or "").strip() else None
        db.session.add(ev)
        db.session.flush()
        audit.record("evidence.added", ev, actor=actor, summary=(ev.filename or ev.url)[:200])
    return added
