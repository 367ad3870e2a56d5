"""Organisations: the list with the form to add one, and editing one."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user

from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_organisation_or_404
from ..blueprint import bp
from ..forms import OrganisationEditForm, OrganisationForm


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    authorize("organisations.manage")
    form = OrganisationForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            org = services.create_organisation(form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("admin.organisations"), _("Organisation %(name)s added.", name=org.short_name))
    return render_form("admin/organisations.html", form, orgs=queries.organisations(),
                       counts=queries.account_counts())


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation(org_id: int):
    org = get_organisation_or_404(org_id)
    form = OrganisationEditForm(obj=org)
    if form.validate_on_submit():
        with transaction(form) as tx:
            changes = services.update_organisation(org, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("admin.organisation", org_id=org.id),
                             _("Organisation saved.") if changes else _("Nothing changed."))
    return render_form("admin/organisation.html", form, org=org, members=queries.members(org))
