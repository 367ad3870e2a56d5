"""Ending one's own sessions from the account page: all the others at once, or one."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user, login_required, logout_user

from ...flow import see_other, transaction
from ...i18n import _
from ..access import get_own_session_or_404
from ..blueprint import bp
from ..services import end_session, own_sessions


@bp.route("/account/sessions/others/end", methods=["POST"])
@login_required
def end_other_sessions():
    with transaction() as tx:
        ended = own_sessions.end_other_sessions(current_user._get_current_object())
    message = _("Your other sessions were ended (%(n)d).", n=ended) if tx.ok else None
    return see_other(url_for("auth.account") + "#sessions", message)


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_one_session(session_id: int):
    row = get_own_session_or_404(session_id)
    if row.token_hash == own_sessions.current_token_hash():  # this one: the same as signing out
        with transaction():
            own_sessions.end_one_session(current_user._get_current_object(), row)
            end_session()
        logout_user()
        return see_other(url_for("core.home"), _("You are signed out."))
    with transaction() as tx:
        own_sessions.end_one_session(current_user._get_current_object(), row)
    return see_other(url_for("auth.account") + "#sessions", _("The session was ended.") if tx.ok else None)
