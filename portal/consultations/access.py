"""Loading and authorising in one step, so no view can forget it (flaskr get_post, Indico _check_access)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..permissions import can, may_see
from . import services
from .models import Attachment, Consultation, Roundtable, Submission


def get_consultation_or_404(slug: str) -> Consultation:
    c = services.by_slug(slug)
    if c is None or not may_see(current_user, c.visibility, c.owner_organisation_ids):
        abort(404)
    return c


def get_roundtable_or_404(rt_id: int) -> Roundtable:
    rt = db.session.get(Roundtable, rt_id)
    if rt is None or (rt.consultation is not None and not may_see(current_user, rt.consultation.visibility,
                                                                  rt.consultation.owner_organisation_ids)):
        abort(404)
    return rt


def get_submission_or_404(sub_id: int) -> Submission:
    sub = db.session.get(Submission, sub_id)
    if sub is None or not may_see(current_user, sub.visibility, sub.owner_organisation_ids):
        abort(404)
    return sub


def get_attachment_or_404(att_id: int) -> Attachment:
    """A file is served only to those who may see its parent: the roundtable (and its consultation's audience
    and state) or the submission. Files cannot be redacted, so a submission's never go to the public."""
    att = db.session.get(Attachment, att_id)
    if att is None:
        abort(404)
    if att.roundtable_id is not None:
        get_roundtable_or_404(att.roundtable_id)
    elif att.submission_id is not None:
        sub = get_submission_or_404(att.submission_id)
        allowed = can(current_user, "secretariat.read") or (
            sub.visibility == "committee" and can(current_user, "committee.read")) or (
            getattr(current_user, "organisation_id", None) in sub.owner_organisation_ids)
        if not allowed:
            abort(404)
    else:
        abort(404)
    return att


