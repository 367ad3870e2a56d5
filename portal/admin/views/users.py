"""Accounts: the list, inviting someone, roles, enabling and disabling, a new invitation link."""
from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_login import current_user

from ...auth import services as accounts
from ...auth.services import twofactor
from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_user_or_404
from ..blueprint import bp
from ..forms import InviteForm, RolesForm


@bp.route("/users")
def users():
    authorize("users.manage")
    q = (request.args.get("q") or "").strip().lower()
    return render_template("admin/users.html", users=queries.users(q), q=q)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite():
    authorize("users.manage")
    form = InviteForm()
    form.organisation_id.choices = queries.organisation_choices()
    form.roles.choices = queries.role_choices()
    if form.validate_on_submit():
        with transaction(form) as tx:
            user, link = services.invite_user(form.to_input(), actor=current_user)
        if tx.ok:
            flash(_("Invitation sent to %(email)s. The link works once and expires in 7 days.", email=user.email),
                  "success")
            return render_template("admin/invited.html", user=user, link=link)
    return render_form("admin/invite.html", form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    target = get_user_or_404(user_id)
    form = RolesForm(data={"roles": sorted(target.roles)})
    form.roles.choices = queries.role_choices()
    if form.validate_on_submit():
        with transaction(form) as tx:
            changes = accounts.set_roles(target, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("admin.user", user_id=target.id),
                             _("Roles saved.") if changes else _("Nothing changed."))
    return render_form("admin/user.html", form, target=target)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def user_active(user_id: int):
    target = get_user_or_404(user_id)
    active = request.form.get("active") == "1"
    with transaction() as tx:  # a refusal is flashed
        accounts.set_active(target, active, actor=current_user)
    message = None
    if tx.ok:
        message = _("Account enabled.") if active else _("Account disabled; its sessions have ended.")
    return see_other(url_for("admin.user", user_id=target.id), message)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
def reinvite(user_id: int):
    target = get_user_or_404(user_id)
    with transaction():
        link = services.send_invitation(target, actor=current_user)
    return render_template("admin/invited.html", user=target, link=link)


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
def reset_second_factor(user_id: int):
    """For someone who lost their phone and recovery codes: they set it up again at their next sign-in."""
    target = get_user_or_404(user_id)
    with transaction() as tx:
        twofactor.reset(target, actor=current_user)
    message = _("Two-step sign-in was reset; %(email)s sets it up again at the next sign-in.", email=target.email)
    return see_other(url_for("admin.user", user_id=target.id), message if tx.ok else None)
