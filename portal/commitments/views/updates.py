"""Progress updates and their evidence: the lead organisation reports, the secretariat publishes or sends back."""
from __future__ import annotations

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from ... import files
from ...flow import form_status, render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_commitment_or_404, get_evidence_file_or_404, get_update_or_404
from ..blueprint import bp
from ..forms import ReturnForm, UpdateForm
from ..models import ProgressUpdate


def _save(form: UpdateForm, upd: ProgressUpdate | None, c) -> ProgressUpdate | None:
    """Create or change the update with its evidence, and submit it when asked; None when refused."""
    with transaction(form) as tx:
        if upd is None:
            upd = services.create_update(c, form.to_input(), current_user)
        else:
            services.edit_update(upd, form.to_input(), current_user)
        if form.submitting:
            services.submit_update(upd, current_user)
    return upd if tx.ok else None


def _saved(form: UpdateForm, upd: ProgressUpdate):
    return see_other(url_for("commitments.update_view", update_id=upd.id),
                     _("Update submitted to the secretariat for publication.") if form.submitting else
                     _("Draft saved."))


@bp.route("/<int:commitment_id>/updates/new", methods=["GET", "POST"])
def update_new(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "update")
    form = UpdateForm()
    cycles = queries.cycle_choices(c.plan_id)
    form.set_choices(c.plan, cycles)
    if request.method == "GET":
        form.as_of.data, form.status.data, form.progress.data = date.today(), c.status, str(c.progress)
        if cycles:
            form.cycle_id.data = str(cycles[0].id)
    if form.validate_on_submit():
        upd = _save(form, None, c)
        if upd is not None:
            return _saved(form, upd)
    return render_form("commitments/update_form.html", form, c=c, upd=None)


@bp.route("/updates/<int:update_id>/edit", methods=["GET", "POST"])
def update_edit(update_id: int):
    upd = get_update_or_404(update_id, "submit")
    if not upd.editable:
        return see_other(url_for("commitments.update_view", update_id=upd.id),
                         _("Only a draft or an update sent back can be changed."), "warning")
    c = upd.commitment
    form = UpdateForm(obj=upd) if request.method == "GET" else UpdateForm()
    form.set_choices(c.plan, queries.cycle_choices(c.plan_id, upd.cycle_id))
    if request.method == "GET":
        form.progress.data, form.cycle_id.data = str(upd.progress), str(upd.cycle_id or "")
    if form.validate_on_submit():
        if _save(form, upd, c) is not None:
            return _saved(form, upd)
    return render_form("commitments/update_form.html", form, c=c, upd=upd)


@bp.route("/updates/<int:update_id>")
def update_view(update_id: int):
    upd = get_update_or_404(update_id)
    return render_template("commitments/update_view.html", upd=upd, c=upd.commitment, return_form=ReturnForm(),
                           statuses=upd.commitment.plan.status_by_key())


@bp.route("/updates/<int:update_id>/submit", methods=["POST"])
def update_submit(update_id: int):
    upd = get_update_or_404(update_id, "submit")
    with transaction() as tx:
        services.submit_update(upd, current_user)
    return see_other(url_for("commitments.update_view", update_id=upd.id),
                     _("Update submitted to the secretariat for publication.") if tx.ok else None)


@bp.route("/updates/<int:update_id>/publish", methods=["POST"])
def update_publish(update_id: int):
    upd = get_update_or_404(update_id, "publish")
    with transaction() as tx:
        services.publish_update(upd, current_user)
    if tx.ok:
        return see_other(url_for("commitments.review"),
                         _("Update published. The commitment now shows its new status."))
    return see_other(url_for("commitments.update_view", update_id=upd.id))


@bp.route("/updates/<int:update_id>/return", methods=["POST"])
def update_return(update_id: int):
    upd = get_update_or_404(update_id, "publish")
    form = ReturnForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.return_update(upd, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.review"),
                             _("Update sent back to its organisation with your comment."))
    return render_template("commitments/update_view.html", upd=upd, c=upd.commitment, return_form=form,
                           statuses=upd.commitment.plan.status_by_key()), form_status(form)


@bp.route("/evidence/<int:evidence_id>")
def evidence(evidence_id: int):
    ev = get_evidence_file_or_404(evidence_id)
    return files.send(ev.file, ev.filename)


@bp.route("/review")
def review():
    authorize("update.publish")
    return render_template("commitments/review.html", rows=queries.submitted_updates())
