"""Moderation (publish, hide, redact), tagging with the code book, and links to the commitments input informs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import audit
from ...extensions import db
from ...i18n import _, _l
from ...links import Link, add_link, resolve
from ...permissions import may_see
from ...rules import RuleError
from ...search.outbox import enqueue
from ..models import (HIDDEN, PUBLISHABLE, PUBLISHED, REDACTED_MARK, SUBMITTED, Redaction, Submission,
                      SubmissionTag)

INFORMS = "informs"


@dataclass
class ModerationInput:
    action: str              # publish | hide | redact
    reason: str = ""
    passage: str = ""        # redact: copied exactly from the answer (or the general comments)
    answer_id: int | None = None


def moderate(sub: Submission, data: ModerationInput, actor: Any) -> None:
    if sub.status != SUBMITTED:
        raise RuleError(message=_("Only submitted input can be moderated."))
    reason = data.reason.strip()
    if data.action == "publish":
        if sub.consent not in PUBLISHABLE:
            raise RuleError(field="action", message=_("The sender did not consent to publication."))
        old, sub.moderation = sub.moderation, PUBLISHED
        sub.moderation_reason = reason
        audit.record("submission.published", sub, actor=actor, changes={"moderation": [old, PUBLISHED]},
                     summary=reason)
    elif data.action == "hide":
        if not reason:
            raise RuleError(field="reason", message=_("Give the reason for hiding this input."))
        old, sub.moderation, sub.moderation_reason = sub.moderation, HIDDEN, reason
        audit.record("submission.hidden", sub, actor=actor, changes={"moderation": [old, HIDDEN]}, summary=reason)
    elif data.action == "redact":
        _redact(sub, data, reason, actor)
    else:
        raise RuleError(field="action", message=_("Unknown moderation action."))
    db.session.flush()


def _passage_answer(sub: Submission, data: ModerationInput):
    """The answer the passage is taken from (None: the general comments); RuleError when it is not there."""
    answer = next((a for a in sub.answers if a.id == data.answer_id), None) if data.answer_id else None
    source = answer.text if answer is not None else sub.body
    if data.passage not in source:
        raise RuleError(field="passage", message=_("The passage was not found in that answer; copy it exactly."))
    return answer


def public_preview(sub: Submission, data: ModerationInput | None = None) -> dict[int | None, str]:
    """The text as the public would read it (answer id, or None for the general comments -> text), with the
    redactions already made and, when `data` proposes one, that redaction too. Nothing is saved."""
    texts: dict[int | None, str] = {a.id: sub.public_text(a) for a in sub.answers}
    texts[None] = sub.public_text(None)
    if data is not None and data.action == "redact":
        if not data.passage.strip():
            raise RuleError(field="passage", message=_("Give the passage to redact to see the preview."))
        answer = _passage_answer(sub, data)
        key = answer.id if answer is not None else None
        texts[key] = texts[key].replace(data.passage, REDACTED_MARK)
    return texts


def _redact(sub: Submission, data: ModerationInput, reason: str, actor: Any) -> None:
    if not reason or not data.passage.strip():
        raise RuleError(field="reason", message=_("Give the passage to redact and the reason."))
    answer = _passage_answer(sub, data)
    sub.redactions.append(Redaction(answer_id=answer.id if answer else None, passage=data.passage, reason=reason,
                                    created_by_id=getattr(actor, "id", None)))
    audit.record("submission.redacted", sub, actor=actor, summary=reason)
    enqueue("submission", sub.id)   # a new redaction changes the indexed text


@dataclass
class TagInput:
    theme_id: int
    answer_id: int | None = None    # a passage of one answer; None for the whole submission
    excerpt: str = ""
    quote: bool = False             # offered as a quote in "what we heard"


def tag(sub: Submission, data: TagInput, actor: Any) -> SubmissionTag:
    consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
    theme = next((t for t in (consultation.themes if consultation else []) if t.id == data.theme_id), None)
    if theme is None:
        raise RuleError(field="theme_id", message=_("Choose a theme."))
    if not theme.active:
        raise RuleError(field="theme_id", message=_(
            "This theme is retired; choose a theme of the current code book."))
    answer = next((a for a in sub.answers if a.id == data.answer_id), None) if data.answer_id else None
    excerpt = data.excerpt.strip()
    if excerpt and excerpt not in (answer.text if answer else " ".join([sub.body] + [a.text for a in sub.answers])):
        raise RuleError(field="excerpt", message=_("The excerpt was not found in the submission; copy it exactly."))
    if data.quote and sub.consent not in PUBLISHABLE:
        raise RuleError(field="quote", message=_(
            "Only input whose sender consented to publication can be quoted."))
    row = SubmissionTag(theme_id=theme.id, answer_id=answer.id if answer else None, excerpt=excerpt,
                        quote=data.quote, created_by_id=getattr(actor, "id", None))
    sub.tags.append(row)
    db.session.flush()
    audit.record("submission.tagged", sub, actor=actor, summary=_l("%(theme)s, as a quote", theme=theme.code) if data.quote else theme.code)
    return row


@dataclass
class LinkInput:
    commitment_id: int


def link_commitment(sub: Submission, data: LinkInput, actor: Any) -> Link:
    """Link input to the commitment it informs. A commitment the person may not see answers like one that
    does not exist, so its existence is not revealed."""
    ref = resolve("commitment", data.commitment_id)
    if ref is None or not may_see(actor, ref.visibility, ref.owner_org_ids):
        raise RuleError(field="commitment_id", message=_("No commitment has this number."))
    return add_link("submission", sub.id, "commitment", data.commitment_id, INFORMS, actor=actor)
