"""Sending, amending and withdrawing input. Services never commit.

Nothing identifying an anonymous sender is ever handed to these functions: no request object, no address.
The form's one-time token and the receipt code are kept only as HMAC-SHA256 digests keyed by the app secret;
the receipt code itself is derived from the token, so a form sent twice shows the same code both times.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app
from sqlalchemy import select

from ... import audit, erasure, files
from ...db import utcnow
from ...extensions import db
from ...i18n import _, _l
from ...permissions import can
from ...rules import RuleError
from ...search.outbox import enqueue
from ..models import (CONSENTS, DRAFT, NOT_FOR_PUBLICATION, PENDING, PUBLISH_NAMED, PUBLISHABLE, SUBMITTED,
                      TEXT_KINDS, WITHDRAWN, Answer, Attachment, Consultation, Roundtable, Submission)


def _digest(purpose: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def receipt_code_for(token: str) -> str:
    raw = base64.b32encode(bytes.fromhex(_digest("receipt", token))[:10]).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    clean = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(clean[i:i + 4] for i in range(0, len(clean), 4))


def by_token(token: str) -> Submission | None:
    if not token:
        return None
    return db.session.scalar(select(Submission).where(Submission.token_hash == _digest("form", token)))


def by_receipt(code: str) -> Submission | None:
    code = normalise_code(code)
    if len(code) != 19:
        return None
    return db.session.scalar(select(Submission).where(Submission.receipt_hash == _digest("code", code),
                                                      Submission.status == SUBMITTED))


def parent_is_open(parent: Consultation | Roundtable) -> bool:
    if isinstance(parent, Roundtable):
        return parent.submissions_open and (parent.consultation is None or parent.consultation.state() != "closed")
    return parent.is_open


def may_respond(parent: Consultation | Roundtable, user: Any) -> bool:
    """Audience check: anyone for public input; invited organisations; the advisory committee."""
    if not can(user, "consultation.respond"):
        return False
    consultation = parent if isinstance(parent, Consultation) else parent.consultation
    if consultation is None or consultation.audience == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if can(user, "consultation.manage"):
        return True
    if consultation.audience == "committee":
        return "committee_member" in user.roles
    return user.organisation_id in {o.id for o in consultation.invited_orgs}


def user_draft(parent: Consultation | Roundtable, user: Any) -> Submission | None:
    if not getattr(user, "is_authenticated", False):
        return None
    column = Submission.consultation_id if isinstance(parent, Consultation) else Submission.roundtable_id
    return db.session.scalar(select(Submission).where(column == parent.id, Submission.user_id == user.id,
                                                      Submission.status == DRAFT))


def attachment_max_bytes() -> int:
    return int(current_app.config.get("CONSULTATION_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def check_attachment(storage, field: str = "attachment") -> files.Upload:
    """The one upload policy, for a consultation attachment (PDF, DOCX or ODT)."""
    return files.check_upload(storage, kinds=files.DOCUMENTS, max_bytes=attachment_max_bytes(), field=field)


@dataclass
class SubmissionInput:
    """What the form says, already validated."""
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)   # question id -> (text, value)
    body: str = ""
    language: str = "fr"
    consent: str = ""
    category_id: int | None = None
    attribution_name: str = ""
    for_org: bool = False
    on_behalf: bool = False
    attested: bool = False
    uploads: list[files.Upload] = field(default_factory=list)  # already checked (portal.files)

    def is_empty(self) -> bool:
        return not self.body.strip() and not any(t.strip() or v for t, v in self.answers.values())


def _sender(sub: Submission, data: SubmissionInput, user: Any) -> None:
    """Whether input is sent for an organisation, or on behalf of a survivor. Only a signed-in person allowed
    to set a flag sets it, and only for their own organisation; otherwise it stays as it is (a receipt holder
    can neither gain nor drop it)."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return
    if sub.organisation_id not in (None, user.organisation_id):
        return   # another organisation's input keeps its sender
    may_org, may_behalf = can(user, "submission.for_org"), can(user, "submission.on_behalf")
    if may_behalf:
        sub.on_behalf = data.on_behalf
        sub.consent_attested = data.on_behalf and data.attested
    if may_org or may_behalf:
        for_org = data.for_org if may_org else bool(sub.organisation_id) and not sub.on_behalf
        sub.organisation_id = user.organisation_id if (for_org or sub.on_behalf) else None


def names_sender(data: SubmissionInput, user: Any) -> bool:
    """Whether sent input stays with the sender's account: only when a signed-in person sends it for their
    organisation or on behalf of a survivor (the organisation answers for it, as _sender sets it). Anything
    else a person sends is kept like a visitor's: no account, no organisation, the receipt code its only key."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return False
    return bool((data.for_org and can(user, "submission.for_org"))
                or (data.on_behalf and can(user, "submission.on_behalf")))


def _detach_draft(draft: Submission, data: SubmissionInput) -> Submission:
    """A new row for input sent without the account, taking the draft's files: the draft's id is in audit
    entries that name its author, so the sent input must not share it. The draft is deleted."""
    sub = Submission(consultation_id=draft.consultation_id, roundtable_id=draft.roundtable_id, consent=data.consent)
    kept = list(draft.attachments)
    draft.attachments.clear()
    sub.attachments.extend(kept)
    db.session.add(sub)
    db.session.delete(draft)
    return sub


# Where input's text and files are kept: what erase_traces has scrubbed after a withdrawal or the purge.
INPUT_TABLES = ("consultation_submissions", "consultation_answers", "consultation_submission_tags",
                "consultation_redactions", "consultation_attachments", "stored_files")


def erase_traces(sub: Submission) -> None:
    """Deleted means gone (portal.erasure): once this transaction commits, the database files and the search
    index are scrubbed of the input's text, not only its rows."""
    erasure.forget(*INPUT_TABLES)
    enqueue("submission", sub.id, "purge")


def _check(sub: Submission, data: SubmissionInput) -> None:
    """The rules a person must meet, on the input as it will be stored."""
    if data.is_empty():
        raise RuleError(message=_("Write an answer to at least one question, or a general comment."))
    if data.consent not in CONSENTS:
        raise RuleError(field="consent", message=_("Choose how your input may be used."))
    if sub.on_behalf and not sub.consent_attested:
        raise RuleError(field="attested", message=_(
            "Confirm that the person gave their informed consent to send this input."))
    named_by_org = bool(sub.organisation_id) and not sub.on_behalf
    if data.consent == PUBLISH_NAMED and not data.attribution_name.strip() and not named_by_org:
        raise RuleError(field="attribution_name", message=_(
            "Give the name to credit, or choose to publish without attribution."))


def questions_of(parent: Consultation | Roundtable) -> list:
    return parent.questions if isinstance(parent, Consultation) else []


def parse_number(raw: str) -> str | None:
    """A number as typed (French or English: "1 234,5", "1234.5"), normalised ("1234.5"); None if not one."""
    text = (raw or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or len(text) > 30:
        return None
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def _check_answers(parent: Consultation | Roundtable, data: SubmissionInput, *, draft: bool) -> None:
    """Required questions are answered (when sending, not for a draft); numbers are numbers (stored
    normalised: "12,5" becomes "12.5")."""
    errors: dict[str | None, str] = {}
    for q in questions_of(parent):
        text, value = data.answers.get(q.id, ("", ""))
        answer = text if q.kind in TEXT_KINDS else value
        if q.kind == "number" and value:
            number = parse_number(value)
            if number is None:
                errors[f"q_{q.id}"] = _("Type a number, for example 12 or 3,5.")
            else:
                data.answers[q.id] = (text, number)
        elif q.required and not draft and not answer.strip():
            errors[f"q_{q.id}"] = _("Question %(ref)s is required: answer it before sending.", ref=q.ref)
    if errors:
        raise RuleError(errors)


def _fill(sub: Submission, data: SubmissionInput, user: Any) -> None:
    """One code path for sending and amending: who it is from, then what it says."""
    _sender(sub, data, user)
    _check(sub, data)
    sub.body = data.body.strip()
    sub.language = data.language
    sub.consent = data.consent
    sub.stakeholder_category_id = data.category_id
    sub.attribution_name = data.attribution_name.strip() if data.consent == PUBLISH_NAMED else ""
    existing = {a.question_id: a for a in sub.answers}
    for qid, (text, value) in data.answers.items():
        answer = existing.get(qid)
        if not (text.strip() or value):
            if answer is not None:
                sub.answers.remove(answer)
            continue
        if answer is None:
            answer = Answer(question_id=qid)
            sub.answers.append(answer)
        answer.text, answer.value = text.strip(), value
    for upload in data.uploads:
        sub.attachments.append(Attachment(filename=upload.filename, file=files.store(upload), kind=upload.kind,
                                          size=upload.size))
    sub.updated_at = utcnow()


def _moderation_for(consent: str) -> str:
    return PENDING if consent in PUBLISHABLE else NOT_FOR_PUBLICATION


def submit(parent: Consultation | Roundtable, data: SubmissionInput, user: Any, token: str, *,
           draft: bool = False) -> tuple[Submission, str | None, bool]:
    """Record input. Returns (submission, receipt code or None for a draft, created?).

    When the same form (token) was already sent, nothing new is written and the same receipt comes back."""
    if not token or len(token) > 100:
        raise RuleError(message=_("This form has expired. Please reload the page and send it again."))
    if draft and not getattr(user, "is_authenticated", False):
        # A visitor's draft could never be reached again (no account, no receipt): refuse it.
        raise RuleError(message=_("Only a signed-in person can save a draft. Send your input, or sign in first."))
    existing = by_token(token)
    if existing is not None:
        return existing, receipt_code_for(token), False
    if not parent_is_open(parent):
        raise RuleError(message=_("This consultation is not accepting input."))
    _check_answers(parent, data, draft=draft)
    anonymous = not draft and not names_sender(data, user)
    sub = user_draft(parent, user)
    if sub is not None and anonymous:
        sub = _detach_draft(sub, data)
    elif sub is None:
        sub = Submission(consultation_id=parent.id if isinstance(parent, Consultation) else None,
                         roundtable_id=parent.id if isinstance(parent, Roundtable) else None, consent=data.consent)
        db.session.add(sub)
    sender = None if anonymous else user
    # Drafts are their author's, and input sent for an organisation keeps its sender; the rest has no account.
    sub.user_id = user.id if getattr(sender, "is_authenticated", False) else None
    _fill(sub, data, sender)
    if draft:
        sub.status = DRAFT
        db.session.flush()
        audit.record("submission.draft_saved", sub, actor=user)
        return sub, None, True
    code = receipt_code_for(token)
    sub.status, sub.submitted_at = SUBMITTED, sub.updated_at
    sub.moderation = _moderation_for(sub.consent)
    sub.token_hash = _digest("form", token)
    sub.receipt_hash = _digest("code", code)
    db.session.flush()
    # The audit entry names the account only for input sent for an organisation; anonymous input, a visitor's or
    # a signed-in person's, has no actor.
    audit.record("submission.created", sub, actor=sender,
                 summary=_l("consent: %(consent)s", consent=CONSENTS.get(sub.consent, sub.consent)) if sender is not None
                 else _l("anonymous input received"))
    return sub, code, True


def _receipt_actor(sub: Submission, actor: Any, data: SubmissionInput | None = None) -> Any:
    """Who an amendment or a withdrawal with the receipt code is recorded as: the person for an organisation's
    input or for an amendment that sends it for their organisation; nobody for anonymous input (a signed-in
    holder of the code does not link it to their account by reading, changing or withdrawing it)."""
    if sub.organisation_id is not None or (data is not None and names_sender(data, actor)):
        return actor
    return None


def amend(sub: Submission, data: SubmissionInput, actor: Any = None) -> None:
    """Change sent input with its receipt code, under the same rules as sending it."""
    if not parent_is_open(sub.parent):
        raise RuleError(message=_("The consultation has closed: input can no longer be changed."))
    before = sub.consent
    actor = _receipt_actor(sub, actor, data)
    _check_answers(sub.parent, data, draft=False)
    _fill(sub, data, actor)
    # Changed text goes back through moderation before anyone else reads it.
    sub.moderation = _moderation_for(sub.consent)
    sub.redactions.clear()
    db.session.flush()
    changes = {"consent": [before, sub.consent]} if before != sub.consent else None
    audit.record("submission.amended", sub, actor=actor, changes=changes)


def withdraw(sub: Submission, actor: Any = None) -> None:
    if not parent_is_open(sub.parent):
        raise RuleError(message=_("The consultation has closed: input can no longer be withdrawn."))
    actor = _receipt_actor(sub, actor)
    for att in list(sub.attachments):
        sub.attachments.remove(att)  # its stored file goes with it
    sub.answers.clear()
    sub.tags.clear()
    sub.redactions.clear()
    sub.body, sub.attribution_name = "", ""
    sub.status, sub.receipt_hash = WITHDRAWN, None
    sub.updated_at = utcnow()
    db.session.flush()
    erase_traces(sub)
    audit.record("submission.withdrawn", sub, actor=actor)
