"""Loading and authorising in one step, so no view can forget it (flaskr get_post, Indico _check_access).

A consultation's audience and state bound everything under it: its sections, questions and themes, its
roundtables and their key points and documents, and the input sent to either. Anything a person may not
see answers 404, so its existence is not revealed.
"""
from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..permissions import COMMITTEE, authorize, can, may_see
from . import services
from .models import (Attachment, Consultation, KeyPoint, Question, Roundtable, Section, StakeholderCategory,
                     Submission, Theme, ThemeProposal)

# action -> permission, checked once the object is known to be visible ("respond" checks the audience)
CONSULTATION = {"view": None, "manage": "consultation.manage", "tag": "submission.tag",
                "export": "submission.export", "respond": None}
ROUNDTABLE = {"view": None, "manage": "roundtable.manage", "respond": None}
SUBMISSION = {"view": None, "moderate": "submission.moderate", "tag": "submission.tag", "link": "consultation.manage"}
CATEGORY = {"manage": "consultation.manage"}


def _authorise(actions: dict[str, str | None], action: str, parent: Consultation | Roundtable | None = None) -> None:
    if action == "respond":
        if not services.may_respond(parent, current_user):
            abort(401 if not current_user.is_authenticated else 403)
        return
    permission = actions[action]
    if permission:
        authorize(permission)


def may_see_consultation(user: Any, c: Consultation) -> bool:
    return may_see(user, c.visibility, c.owner_organisation_ids)


def may_see_roundtable(user: Any, rt: Roundtable) -> bool:
    return may_see(user, rt.visibility, rt.owner_organisation_ids)


def may_see_submission(user: Any, sub: Submission) -> bool:
    """Consent and moderation decide, and the sender's organisation sees its own; within the audience of the
    consultation or roundtable it answers."""
    parent = sub.parent
    return may_see(user, sub.visibility, sub.owner_organisation_ids) and (
        parent is None or may_see(user, parent.visibility, parent.owner_organisation_ids))


def may_download(user: Any, att: Attachment) -> bool:
    """Files cannot be redacted, so a submission's never go to the public: the secretariat, the committee for
    committee-level input, and the sending organisation."""
    if att.roundtable_id is not None:
        return may_see_roundtable(user, db.session.get(Roundtable, att.roundtable_id))
    sub = db.session.get(Submission, att.submission_id) if att.submission_id is not None else None
    if sub is None or not may_see_submission(user, sub):
        return False
    return can(user, "secretariat.read") or (sub.consent_visibility == COMMITTEE and can(user, "committee.read")) \
        or getattr(user, "organisation_id", None) in sub.owner_organisation_ids


def get_consultation_or_404(slug: str, action: str = "view") -> Consultation:
    c = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if c is None or not may_see_consultation(current_user, c):
        abort(404)
    _authorise(CONSULTATION, action, c)
    return c


def get_theme_or_404(slug: str, theme_id: int, action: str = "manage") -> Theme:
    """A theme of that consultation's code book."""
    c = get_consultation_or_404(slug, action)
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.consultation_id != c.id:
        abort(404)
    return theme


def our_organisation_or_403() -> int:
    """The organisation whose input the signed-in person may list: their own, when they may send input for
    it. Visitors are sent to sign in; anyone else is refused."""
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.organisation_id or not can(current_user, "submission.for_org"):
        abort(403)
    return current_user.organisation_id


def get_section_or_404(slug: str, section_id: int, action: str = "manage") -> Section:
    """A section of that consultation's paper."""
    c = get_consultation_or_404(slug, action)
    section = db.session.get(Section, section_id)
    if section is None or section.consultation_id != c.id:
        abort(404)
    return section


def get_question_or_404(slug: str, question_id: int, action: str = "manage") -> Question:
    """A question of that consultation's paper."""
    c = get_consultation_or_404(slug, action)
    question = db.session.get(Question, question_id)
    if question is None or question.section.consultation_id != c.id:
        abort(404)
    return question


def get_theme_proposal_or_404(slug: str, proposal_id: int, action: str = "manage") -> ThemeProposal:
    """A theme proposed for that consultation's code book."""
    c = get_consultation_or_404(slug, action)
    proposal = db.session.get(ThemeProposal, proposal_id)
    if proposal is None or proposal.consultation_id != c.id:
        abort(404)
    return proposal


def get_category_or_404(cat_id: int, action: str = "manage") -> StakeholderCategory:
    category = db.session.get(StakeholderCategory, cat_id)
    if category is None:
        abort(404)
    _authorise(CATEGORY, action)
    return category


def get_roundtable_or_404(rt_id: int, action: str = "view") -> Roundtable:
    rt = db.session.get(Roundtable, rt_id)
    if rt is None or not may_see_roundtable(current_user, rt):
        abort(404)
    _authorise(ROUNDTABLE, action, rt)
    return rt


def get_key_point_or_404(kp_id: int, action: str = "manage") -> KeyPoint:
    point = db.session.get(KeyPoint, kp_id)
    if point is None or not may_see_roundtable(current_user, point.roundtable):
        abort(404)
    _authorise(ROUNDTABLE, action)
    return point


def get_submission_or_404(sub_id: int, action: str = "view") -> Submission:
    sub = db.session.get(Submission, sub_id)
    if sub is None or not may_see_submission(current_user, sub):
        abort(404)
    _authorise(SUBMISSION, action)
    return sub


def submission_by_receipt(code: str) -> Submission | None:
    """The receipt code is the sender's key: whoever holds it may read, amend or withdraw that input."""
    return services.by_receipt(code)


def get_submission_by_receipt_or_404(code: str) -> Submission:
    sub = submission_by_receipt(code)
    if sub is None:
        abort(404)
    return sub


def get_attachment_or_404(att_id: int) -> Attachment:
    att = db.session.get(Attachment, att_id)
    if att is None or not may_download(current_user, att):
        abort(404)
    return att
