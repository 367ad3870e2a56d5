"""What people send: submissions, their answers, moderation (redactions), themes tagged, attachments.

Submissions keep no trace of who sent them unless the sender chose to sign in and say so: no address,
no browser string, no account for anonymous input. Receipt codes and idempotency tokens are stored only
as keyed hashes (HMAC-SHA256 with the app secret).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...files import StoredFile
from ...i18n import _, _l, current_lang
from ...permissions import COMMITTEE, PUBLIC, SECRETARIAT, VISIBILITY_LEVELS

REDACTED_MARK = "[…]"

PUBLISH_NAMED, PUBLISH_ANON, DO_NOT_PUBLISH, SECRETARIAT_ONLY = (
    "publish_named", "publish_anonymous", "do_not_publish", "secretariat_only")
CONSENTS = {
    PUBLISH_NAMED: _l("Publish with attribution"),
    PUBLISH_ANON: _l("Publish without attribution"),
    DO_NOT_PUBLISH: _l("Do not publish (secretariat and advisory committee only)"),
    SECRETARIAT_ONLY: _l("Secretariat only"),
}
PUBLISHABLE = (PUBLISH_NAMED, PUBLISH_ANON)

# Submission status and moderation
DRAFT, SUBMITTED, WITHDRAWN = "draft", "submitted", "withdrawn"
STATUS_LABELS = {DRAFT: _l("Draft"), SUBMITTED: _l("Sent"), WITHDRAWN: _l("Withdrawn")}
PENDING, PUBLISHED, HIDDEN, NOT_FOR_PUBLICATION = "pending", "published", "hidden", "not_for_publication"
MODERATION_LABELS = {PENDING: _l("Awaiting moderation"), PUBLISHED: _l("Published"), HIDDEN: _l("Hidden"),
                     NOT_FOR_PUBLICATION: _l("Not for publication")}


class Submission(db.Model):
    __tablename__ = "consultation_submissions"
    __table_args__ = (UniqueConstraint("consultation_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"),
                                                        index=True)
    roundtable_id: Mapped[int | None] = mapped_column(ForeignKey("roundtables.id", ondelete="CASCADE"), index=True)
    # HMAC of the form's one-time token: the same form sent twice finds this row instead of adding one.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_attested: Mapped[bool] = mapped_column(Boolean, default=False)
    stakeholder_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder_categories.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    consent: Mapped[str] = mapped_column(String(20))
    attribution_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    moderation: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    moderation_reason: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(100))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation = relationship("Consultation")
    roundtable = relationship("Roundtable")
    organisation = relationship("Organisation", lazy="joined")
    category = relationship("StakeholderCategory", lazy="joined")
    answers: Mapped[list["Answer"]] = relationship(back_populates="submission", cascade="all, delete-orphan",
                                                   order_by="Answer.id")
    redactions: Mapped[list["Redaction"]] = relationship(cascade="all, delete-orphan", order_by="Redaction.id")
    tags: Mapped[list["SubmissionTag"]] = relationship(cascade="all, delete-orphan", order_by="SubmissionTag.id")
    attachments: Mapped[list["Attachment"]] = relationship(cascade="all, delete-orphan", order_by="Attachment.id")

    @property
    def visibility(self) -> str:
        """Consent and moderation decide who may read it (see docs/consultations.md), within the audience of
        the consultation or roundtable it answers: published input to a committee consultation stays the
        committee's."""
        own = self.consent_visibility
        parent = self.parent
        if parent is None:
            return own
        return max(own, parent.visibility, key=VISIBILITY_LEVELS.index)

    @property
    def consent_visibility(self) -> str:
        """Who may read it by consent and moderation alone, whatever the consultation's audience."""
        if self.status != SUBMITTED or self.consent == SECRETARIAT_ONLY:
            return SECRETARIAT
        if self.consent == DO_NOT_PUBLISH:
            return COMMITTEE
        return PUBLIC if self.moderation == PUBLISHED else SECRETARIAT

    @property
    def owner_organisation_ids(self) -> set[int]:
        # An organisation sees what was sent in its name, whatever the consent; a survivor's input sent by an
        # NGO member is not the NGO's to share around, so it follows consent alone.
        if self.organisation_id and self.status == SUBMITTED and not self.on_behalf:
            return {self.organisation_id}
        return set()

    @property
    def attribution(self) -> str:
        """The name shown with published text: only with consent to attribution."""
        if self.consent != PUBLISH_NAMED:
            return ""
        if self.organisation is not None and not self.on_behalf:
            return str(self.organisation.name)
        return self.attribution_name

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def moderation_label(self) -> str:
        return str(MODERATION_LABELS.get(self.moderation, self.moderation))

    @property
    def consent_label(self) -> str:
        return str(CONSENTS.get(self.consent, self.consent))

    @property
    def parent(self):
        return self.consultation if self.consultation_id else self.roundtable

    @property
    def label(self) -> str:
        return _("Submission %(n)s", n=self.id)

    def answer_for(self, question_id: int) -> "Answer | None":
        return next((a for a in self.answers if a.question_id == question_id), None)

    def public_text(self, answer: "Answer | None") -> str:
        """Text with redacted passages replaced; only this version ever leaves the secretariat."""
        text = answer.text if answer is not None else self.body
        for r in self.redactions:
            if (r.answer_id == (answer.id if answer is not None else None)) and r.passage:
                text = text.replace(r.passage, REDACTED_MARK)
        return text


class Answer(db.Model):
    __tablename__ = "consultation_answers"
    __table_args__ = (UniqueConstraint("submission_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("consultation_submissions.id", ondelete="CASCADE"),
                                               index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_questions.id", ondelete="CASCADE"),
                                             index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # choice / scale / yes-no code; "1,3" for a multiple choice; the number typed for a number question
    value: Mapped[str] = mapped_column(String(200), default="")

    submission: Mapped[Submission] = relationship(back_populates="answers")
    question = relationship("Question", lazy="joined")

    @property
    def value_label(self) -> str:
        options = dict(self.question.options(current_lang()))
        return "; ".join(str(options.get(v, v)) for v in self.values)

    @property
    def values(self) -> list[str]:
        """The codes chosen: several for a multiple choice, else one (or none)."""
        if self.question.kind == "multi":
            return [v for v in self.value.split(",") if v]
        return [self.value] if self.value else []


class Redaction(db.Model):
    """A passage taken out of the published version, with why; the original stays for the secretariat."""
    __tablename__ = "consultation_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("consultation_submissions.id", ondelete="CASCADE"),
                                               index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_answers.id", ondelete="CASCADE"))
    passage: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SubmissionTag(db.Model):
    """A theme of the code book applied to a submission, or to a passage (excerpt) of one answer."""
    __tablename__ = "consultation_submission_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("consultation_submissions.id", ondelete="CASCADE"),
                                               index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("consultation_themes.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_answers.id", ondelete="CASCADE"))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[bool] = mapped_column(Boolean, default=False)   # offered as a quote in "what we heard"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    theme = relationship("Theme", lazy="joined")


class Attachment(db.Model):
    """A file of a submission or a roundtable (portal.files); served only as a download."""
    __tablename__ = "consultation_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_submissions.id", ondelete="CASCADE"),
                                                      index=True)
    roundtable_id: Mapped[int | None] = mapped_column(ForeignKey("roundtables.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))          # pdf | docx | odt
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    file: Mapped[StoredFile] = relationship(cascade="all, delete-orphan", single_parent=True)
