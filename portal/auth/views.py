from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..extensions import db, limiter
from ..i18n import _
from . import services
from .forms import AcceptInvitationForm, LoginForm, PasswordChangeForm
from .passwords import verify_password

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a local path: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")) \
            or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


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
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.start_session(user)
            login_user(user)
            db.session.commit()
            flash(_("You are signed in."), "success")
            return redirect(safe_next(form.next.data) or url_for("core.home", lang=g.lang), 303)
        db.session.commit()  # keeps the failure count
        # Same answer and about the same time whether the account exists, is locked or the password is wrong.
        elapsed = time.monotonic() - started
        if elapsed < 0.25:
            time.sleep(0.25 - elapsed)
        form.password.errors.append(_("The email address or password is not right, or the account is locked. "
                                      "After several failed attempts an account is locked for a few minutes."))
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        audit.record("account.logout", current_user, actor=current_user)
    services.end_session()
    logout_user()
    db.session.commit()
    flash(_("You are signed out."), "success")
    return redirect(url_for("core.home"), 303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = PasswordChangeForm()
    form._email = current_user.email
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("The current password is not right."))
        else:
            services.set_password(current_user, form.password.data, actor=current_user)
            # Every other session ends; this one starts afresh.
            user = current_user._get_current_object()
            services.start_session(user)
            login_user(user)
            db.session.commit()
            flash(_("Your password was changed. You were signed out everywhere else."), "success")
            return redirect(url_for("auth.account"), 303)
    return render_template("auth/account.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    inv = services.find_invitation(token)
    if inv is None:
        abort(404)
    form = AcceptInvitationForm()
    form._email = inv.user.email
    if form.validate_on_submit():
        user = services.accept_invitation(inv, form.password.data)
        services.start_session(user)
        login_user(user)
        db.session.commit()
        flash(_("Welcome. Your account is ready."), "success")
        return redirect(url_for("core.home"), 303)
    return render_template("auth/invitation.html", form=form, invitation=inv)
