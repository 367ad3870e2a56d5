"""Sign in and sign out."""
from __future__ import annotations

import time

from flask import current_app, g, request, url_for
from flask_login import current_user, login_user, logout_user

from ... import audit
from ...extensions import limiter
from ...flow import render_form, safe_next, see_other, transaction
from ...i18n import _
from .. import pending, services
from ..services import twofactor
from ..blueprint import bp
from ..forms import LoginForm

MIN_FAILURE_SECONDS = 0.25  # a refused sign-in takes at least this long, whatever the reason


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        started = time.monotonic()
        credentials = form.to_input()
        step = None
        with transaction(form) as tx:  # a failure is committed too: it counts towards the delays
            user = services.authenticate(credentials.email, credentials.password, request.remote_addr)
            step = _next_step(user, safe_next(form.next.data)) if user is not None else None
        if step is not None:
            return step
        # Same answer and about the same time whether the account exists or the password is wrong.
        elapsed = time.monotonic() - started
        if elapsed < MIN_FAILURE_SECONDS:
            time.sleep(MIN_FAILURE_SECONDS - elapsed)
        if tx.ok:
            form.password.errors.append(_("The email address or password is not right."))
    return render_form("auth/login.html", form)


def _next_step(user, next_url: str | None):
    """After the right password: the code step, setting up two-step sign-in (required for this person's roles
    and not yet done), or signed in."""
    if twofactor.enrolled(user):
        pending.begin(user, next_url, enrol=False)
        return see_other(url_for("auth.login_code"))
    if twofactor.must_enrol(user):
        pending.begin(user, next_url, enrol=True)
        return see_other(url_for("auth.two_factor_setup"),
                         _("Your roles require two-step sign-in. Set it up now to finish signing in."), "info")
    services.start_session(user)
    login_user(user)
    return see_other(next_url or url_for("core.home", lang=g.lang), _("You are signed in."))


@bp.route("/logout", methods=["POST"])
def logout():
    with transaction():
        if current_user.is_authenticated:
            audit.record("account.logout", current_user, actor=current_user)
        services.end_session()
        logout_user()
    return see_other(url_for("core.home"), _("You are signed out."))
