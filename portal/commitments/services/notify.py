"""Who is told, and how: mail from services and jobs, with absolute links even outside a request."""
from __future__ import annotations

from contextlib import nullcontext

from flask import current_app, has_request_context
from sqlalchemy import select

from ...auth.models import User, UserRole
from ...extensions import db
from ...mail import queue_mail


def links_context():
    """Mail carries absolute links; jobs and commands have no request, so give them the public base URL."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"])


def mail(to: str, template: str, lang: str, **ctx) -> None:
    with links_context():
        queue_mail(to, template, lang, **ctx)


def secretariat_users() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == "secretariat",
                                                                      User.active.is_(True))))


def org_leads(org_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        User.organisation_id == org_id, UserRole.role == "department_lead", User.active.is_(True))))
