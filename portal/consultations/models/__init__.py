"""Consultations: the consultation and its paper, roundtables, and the input people send."""
from .consultation import (AUDIENCES, CHOICE_KINDS, PROPOSAL_LABELS, QUESTION_KINDS, SCALE, TEXT_KINDS,  # noqa: F401
                           YESNO, Consultation, Question, Section, ThemeProposal,
                           StakeholderCategory, Theme, consultation_invited_orgs)
from .roundtable import Attendance, EvaluationResult, KeyPoint, Roundtable  # noqa: F401
from .submission import (CONSENTS, DO_NOT_PUBLISH, DRAFT, HIDDEN, MODERATION_LABELS,  # noqa: F401
                         NOT_FOR_PUBLICATION, PENDING, PUBLISH_ANON, PUBLISH_NAMED, PUBLISHABLE, PUBLISHED,
                         REDACTED_MARK, SECRETARIAT_ONLY, STATUS_LABELS, SUBMITTED, WITHDRAWN, Answer, Attachment, Redaction,
                         Submission, SubmissionTag)
