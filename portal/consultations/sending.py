"""Sending a form exactly once, even when it arrives twice at the same moment (a double click, a retry).

This is the one place outside the request flow that commits: the unique digest of the form's token is what
tells two simultaneous sends apart, and it only speaks at flush or commit time. The request's transaction
(portal.flow) wraps the call, so a RuleError still rolls back and shows on the form.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from . import services
from .models import Consultation, Roundtable, Submission


def submit_once(parent: Consultation | Roundtable, data: services.SubmissionInput, user: Any, token: str, *,
                draft: bool = False) -> tuple[Submission, str | None]:
    """Submit and commit; when the other request stored the same form first, answer with its row and receipt."""
    try:
        sub, code, _created = services.submit(parent, data, user, token, draft=draft)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        sub = services.by_token(token)
        if sub is None:
            raise
        return sub, services.receipt_code_for(token)
    return sub, code
