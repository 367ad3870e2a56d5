"""Administration: users (invite, roles, disable), organisations and the audit log."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..audit import AuditEntry
from ..auth import services as auth_services
from ..auth.forms import InviteForm, RolesForm
from ..auth.models import Organisation, Role, User
from ..extensions import db
from ..i18n import _
from ..permissions import authorize, get_or_404
from . import services
from .forms import OrganisationEditForm, OrganisationForm

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50


def _role_choices():
    return [(r.value, r.label) for r in Role]


def _org_choices():
    orgs = db.session.scalars(select(Organisation).where(Organisation.active.is_(True))
                              .order_by(Organisation.short_name)).all()
    return [(o.id, f"{o.short_name} — {o.name}") for o in orgs]


@bp.route("/users")
def users():
    authorize("users.manage")
    q = (request.args.get("q") or "").strip().lower()
    stmt = select(User).join(User.organisation).order_by(User.email)
    if q:
        stmt = stmt.where(func.lower(User.email).contains(q) | func.lower(Organisation.short_name).contains(q))
    rows = db.session.scalars(stmt).unique().all()
    return render_template("admin/users.html", users=rows, q=q)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite():
    authorize("users.manage")
    form = InviteForm()
    form.organisation_id.choices = _org_choices()
    form.roles.choices = _role_choices()
    link = None
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.organisation_id.data)
        try:
            user = auth_services.create_user(form.email.data, org, form.roles.data, display_name=form.display_name.data,
                                             preferred_lang=form.preferred_lang.data, actor=current_user)
        except auth_services.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            token = auth_services.invite(user, actor=current_user)
            link = url_for("auth.accept_invitation", token=token, lang=user.preferred_lang, _external=True)
            from ..mail import queue_mail

            queue_mail(user.email, "invitation", lang=user.preferred_lang, bilingual=True, link=link, user=user)
            db.session.commit()
            flash(_("Invitation sent to %(email)s. The link works once and expires in 7 days.", email=user.email),
                  "success")
            return render_template("admin/invited.html", user=user, link=link)
    return render_template("admin/invite.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    authorize("users.manage")
    target = get_or_404(User, user_id)
    form = RolesForm(data={"roles": sorted(target.roles)})
    form.roles.choices = _role_choices()
    if form.validate_on_submit():
        if target.id == current_user.id and "admin" not in form.roles.data:
            form.roles.errors.append(_("You cannot remove your own administrator role."))
        else:
            try:
                changes = auth_services.set_roles(target, form.roles.data, actor=current_user)
            except auth_services.AccountError as exc:
                form.roles.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Roles saved.") if changes else _("Nothing changed."), "success")
                return redirect(url_for("admin.user", user_id=target.id), 303)
    return render_template("admin/user.html", target=target, form=form)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def user_active(user_id: int):
    authorize("users.manage")
    target = get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    if target.id == current_user.id and not active:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("admin.user", user_id=target.id), 303)
    auth_services.set_active(target, active, actor=current_user)
    db.session.commit()
    flash(_("Account enabled.") if active else _("Account disabled; its sessions have ended."), "success")
    return redirect(url_for("admin.user", user_id=target.id), 303)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
def reinvite(user_id: int):
    authorize("users.manage")
    target = get_or_404(User, user_id)
    token = auth_services.invite(target, actor=current_user)
    link = url_for("auth.accept_invitation", token=token, lang=target.preferred_lang, _external=True)
    from ..mail import queue_mail

    queue_mail(target.email, "invitation", lang=target.preferred_lang, bilingual=True, link=link, user=target)
    db.session.commit()
    return render_template("admin/invited.html", user=target, link=link)


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    authorize("organisations.manage")
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organisation(form.data, actor=current_user)
        except services.OrganisationError as exc:
            form[exc.field].errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Organisation %(name)s added.", name=org.short_name), "success")
            return redirect(url_for("admin.organisations"), 303)
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.org_type, Organisation.short_name)).all()
    counts = dict(db.session.execute(select(User.organisation_id, func.count()).group_by(User.organisation_id)).all())
    return render_template("admin/organisations.html", orgs=orgs, form=form, counts=counts)


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation(org_id: int):
    authorize("organisations.manage")
    org = get_or_404(Organisation, org_id)
    form = OrganisationEditForm(obj=org)
    if form.validate_on_submit():
        try:
            changes = services.update_organisation(org, form.data, actor=current_user)
        except services.OrganisationError as exc:
            form[exc.field].errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Organisation saved.") if changes else _("Nothing changed."), "success")
            return redirect(url_for("admin.organisation", org_id=org.id), 303)
    members = db.session.scalars(select(User).where(User.organisation_id == org.id).order_by(User.email)).all()
    return render_template("admin/organisation.html", org=org, form=form, members=members)


@bp.route("/audit")
def audit_log():
    authorize("audit.read")
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    action = (request.args.get("action") or "").strip()
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    entries = db.session.scalars(stmt.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    has_next = len(entries) > PAGE_SIZE
    return render_template("admin/audit.html", entries=entries[:PAGE_SIZE], page=page, has_next=has_next,
                           action=action)
