"""Sending, reading, amending and withdrawing input; moderation and tagging. Services never commit.

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
from typing import Any

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..db import utcnow
from ..extensions import db
from ..i18n import _
from ..permissions import can
from ..search.outbox import enqueue
from .. import files
from .models import (DRAFT, HIDDEN, NOT_FOR_PUBLICATION, PENDING, PUBLISHABLE, PUBLISHED,
                     SUBMITTED, WITHDRAWN, Answer, Attachment, Consultation, Redaction, Roundtable, Submission,
                     SubmissionTag, Theme)


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


@dataclass
class Input:
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


def _fill(sub: Submission, data: Input, user: Any) -> None:
    sub.body = data.body.strip()
    sub.language = data.language
    sub.consent = data.consent
    sub.stakeholder_category_id = data.category_id
    sub.attribution_name = data.attribution_name.strip() if data.consent == "publish_named" else ""
    if getattr(user, "is_authenticated", False):
        sub.user_id = user.id
        org_ok = data.for_org and can(user, "submission.for_org")
        behalf_ok = data.on_behalf and can(user, "submission.on_behalf")
        if behalf_ok and not data.attested:
            raise ValueError(_("Confirm that the person gave their informed consent to send this input."))
        sub.on_behalf, sub.consent_attested = behalf_ok, behalf_ok and data.attested
        sub.organisation_id = user.organisation_id if (org_ok or behalf_ok) else None
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


def _moderation_for(consent: str) -> str:
    return PENDING if consent in PUBLISHABLE else NOT_FOR_PUBLICATION


def submit(parent: Consultation | Roundtable, data: Input, user: Any, token: str, *,
           draft: bool = False) -> tuple[Submission, str | None, bool]:
    """Record input. Returns (submission, receipt code or None for a draft, created?).

    When the same form (token) was already sent, nothing new is written and the same receipt comes back."""
    if not token or len(token) > 100:
        raise ValueError(_("This form has expired. Please reload the page and send it again."))
    existing = by_token(token)
    if existing is not None:
        return existing, receipt_code_for(token), False
    if not parent_is_open(parent):
        raise ValueError(_("This consultation is not accepting input."))
    if data.is_empty():
        raise ValueError(_("Write an answer to at least one question, or a general comment."))
    if data.consent not in ("publish_named", "publish_anonymous", "do_not_publish", "secretariat_only"):
        raise ValueError(_("Choose how your input may be used."))
    if data.consent == "publish_named" and not data.attribution_name.strip() and not \
            (data.for_org and getattr(user, "organisation_id", None) and not data.on_behalf):
        raise ValueError(_("Give the name to credit, or choose to publish without attribution."))
    if data.on_behalf and can(user, "submission.on_behalf") and not data.attested:
        raise ValueError(_("Confirm that the person gave their informed consent to send this input."))
    sub = user_draft(parent, user) or Submission(
        consultation_id=parent.id if isinstance(parent, Consultation) else None,
        roundtable_id=parent.id if isinstance(parent, Roundtable) else None, consent=data.consent)
    if sub.id is None:
        db.session.add(sub)
    _fill(sub, data, user)
    now = utcnow()
    sub.updated_at = now
    if draft:
        sub.status = DRAFT
        db.session.flush()
        audit.record("submission.draft_saved", sub, actor=user)
        return sub, None, True
    code = receipt_code_for(token)
    sub.status, sub.submitted_at = SUBMITTED, now
    sub.moderation = _moderation_for(sub.consent)
    sub.token_hash = _digest("form", token)
    sub.receipt_hash = _digest("code", code)
    db.session.flush()
    # The audit entry names the account only when someone signed in; anonymous input has no actor.
    audit.record("submission.created", sub, actor=user, summary=f"consent={sub.consent}")
    return sub, code, True


def amend(sub: Submission, data: Input, actor: Any = None) -> None:
    parent = sub.parent
    if not parent_is_open(parent):
        raise ValueError(_("The consultation has closed: input can no longer be changed."))
    if data.is_empty():
        raise ValueError(_("Write an answer to at least one question, or a general comment."))
    if data.consent == "publish_named" and not data.attribution_name.strip() and not sub.organisation_id:
        raise ValueError(_("Give the name to credit, or choose to publish without attribution."))
    before = {"consent": sub.consent}
    sub.body, sub.consent, sub.language = data.body.strip(), data.consent, data.language
    sub.stakeholder_category_id = data.category_id
    sub.attribution_name = data.attribution_name.strip() if data.consent == "publish_named" else ""
    existing = {a.question_id: a for a in sub.answers}
    for qid, (text, value) in data.answers.items():
        answer = existing.get(qid)
        if not (text.strip() or value):
            if answer is not None:
                sub.answers.remove(answer)
        elif answer is None:
            sub.answers.append(Answer(question_id=qid, text=text.strip(), value=value))
        else:
            answer.text, answer.value = text.strip(), value
    for upload in data.uploads:
        sub.attachments.append(Attachment(filename=upload.filename, file=files.store(upload), kind=upload.kind,
                                          size=upload.size))
    # Changed text goes back through moderation before anyone else reads it.
    sub.moderation = _moderation_for(sub.consent)
    sub.redactions.clear()
    sub.updated_at = utcnow()
    db.session.flush()
    changes = {"consent": [before["consent"], sub.consent]} if before["consent"] != sub.consent else None
    audit.record("submission.amended", sub, actor=actor, changes=changes)


def attachment_max_bytes() -> int:
    return int(current_app.config.get("CONSULTATION_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def check_attachment(storage) -> files.Upload:
    """The one upload policy, for a consultation attachment (PDF, DOCX or ODT)."""
    return files.check_upload(storage, kinds=files.DOCUMENTS, max_bytes=attachment_max_bytes(), field="attachment")


def withdraw(sub: Submission, actor: Any = None) -> None:
    if not parent_is_open(sub.parent):
        raise ValueError(_("The consultation has closed: input can no longer be withdrawn."))
    for att in list(sub.attachments):
        sub.attachments.remove(att)  # its stored file goes with it
    sub.answers.clear()
    sub.tags.clear()
    sub.redactions.clear()
    sub.body, sub.attribution_name = "", ""
    sub.status, sub.receipt_hash = WITHDRAWN, None
    sub.updated_at = utcnow()
    db.session.flush()
    audit.record("submission.withdrawn", sub, actor=actor)


def moderate(sub: Submission, action: str, actor: Any, *, reason: str = "", passage: str = "",
             answer_id: int | None = None) -> None:
    if sub.status != SUBMITTED:
        raise ValueError(_("Only submitted input can be moderated."))
    reason = reason.strip()
    if action == "publish":
        if sub.consent not in PUBLISHABLE:
            raise ValueError(_("The sender did not consent to publication."))
        old, sub.moderation = sub.moderation, PUBLISHED
        sub.moderation_reason = reason
        audit.record("submission.published", sub, actor=actor, changes={"moderation": [old, PUBLISHED]},
                     summary=reason)
    elif action == "hide":
        if not reason:
            raise ValueError(_("Give the reason for hiding this input."))
        old, sub.moderation, sub.moderation_reason = sub.moderation, HIDDEN, reason
        audit.record("submission.hidden", sub, actor=actor, changes={"moderation": [old, HIDDEN]}, summary=reason)
    elif action == "redact":
        if not reason or not passage.strip():
            raise ValueError(_("Give the passage to redact and the reason."))
        answer = next((a for a in sub.answers if a.id == answer_id), None) if answer_id else None
        source = answer.text if answer is not None else sub.body
        if passage not in source:
            raise ValueError(_("The passage was not found in that answer; copy it exactly."))
        sub.redactions.append(Redaction(answer_id=answer.id if answer else None, passage=passage, reason=reason,
                                        created_by_id=getattr(actor, "id", None)))
        audit.record("submission.redacted", sub, actor=actor, summary=reason)
        enqueue("submission", sub.id)   # a new redaction changes the indexed text
    else:
        raise ValueError(_("Unknown moderation action."))
    db.session.flush()


def tag(sub: Submission, theme: Theme, actor: Any, *, answer_id: int | None = None, excerpt: str = "",
        quote: bool = False) -> SubmissionTag:
    if not theme.active:
        raise ValueError(_("This theme is retired; choose a theme of the current code book."))
    answer = next((a for a in sub.answers if a.id == answer_id), None) if answer_id else None
    excerpt = excerpt.strip()
    if excerpt and excerpt not in (answer.text if answer else " ".join([sub.body] + [a.text for a in sub.answers])):
        raise ValueError(_("The excerpt was not found in the submission; copy it exactly."))
    if quote and sub.consent not in PUBLISHABLE:
        raise ValueError(_("Only input whose sender consented to publication can be quoted."))
    row = SubmissionTag(theme_id=theme.id, answer_id=answer.id if answer else None, excerpt=excerpt, quote=quote,
                        created_by_id=getattr(actor, "id", None))
    sub.tags.append(row)
    db.session.flush()
    audit.record("submission.tagged", sub, actor=actor, summary=f"{theme.code}{' (quote)' if quote else ''}")
    return row


def is_visible_quote(sub: Submission, t: SubmissionTag) -> bool:
    """A quote may appear publicly only from published input and only if no redaction touches it."""
    if not (t.quote and t.excerpt and sub.status == SUBMITTED and sub.consent in PUBLISHABLE
            and sub.moderation == PUBLISHED):
        return False
    answer = next((a for a in sub.answers if a.id == t.answer_id), None)
    texts = [sub.public_text(answer)] if t.answer_id else [sub.public_text(None)] + \
        [sub.public_text(a) for a in sub.answers]
    return any(t.excerpt in text for text in texts)

