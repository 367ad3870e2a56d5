"""What the account routes load (an invitation or a password reset by its token: 404 when unknown, used,
expired or disabled), and the gate that keeps a person who must set up two-step sign-in on that page."""
from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..extensions import db
from .models import Invitation, PasswordReset, UserSession
from .services import find_invitation, find_reset, twofactor


def get_invitation_or_404(token: str) -> Invitation:
    inv = find_invitation(token)
    if inv is None:
        abort(404)
    return inv


def get_password_reset_or_404(token: str) -> PasswordReset:
    """A reset link: 404 when unknown, used, older than an hour or for a disabled account."""
    reset = find_reset(token)
    if reset is None:
        abort(404)
    return reset


def get_own_session_or_404(session_id: int) -> UserSession:
    """One of the signed-in person's own sessions (anyone else's is 404, as if it did not exist)."""
    row = db.session.get(UserSession, session_id)
    if row is None or not current_user.is_authenticated or row.user_id != current_user.id:
        abort(404)
    return row


# What a person whose roles require two-step sign-in may reach before setting it up.
ENROLMENT_ENDPOINTS = frozenset({"auth.two_factor_setup", "auth.logout", "auth.keep_alive", "core.quick_exit",
                                 "static"})


def second_factor_gate():
    """A redirect to the set-up page for a signed-in person who must set up two-step sign-in (a session opened
    before it was required), else None: they cannot reach any other page until it is done."""
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated:
        return None
    if twofactor.must_enrol(current_user):
        return redirect(url_for("auth.two_factor_setup"), 303)
    return None
