"""Progress updates and their evidence, the secretariat's review, spending and a commitment's indicators."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import files
from ...extensions import db
from ...i18n import _, current_lang
from ...permissions import authorize
from .. import queries, workflow
from ..access import get_commitment_or_404, get_update_or_404, may_see_update
from ..forms import IndicatorForm, MeasurementForm, ReturnForm, SpendingForm, UpdateForm
from ..models import Evidence, Indicator, ProgressUpdate, Spending
from ..rules import RuleError
from ...rules import attach_errors
from ..blueprint import bp


def _update_choices(form: UpdateForm, c, upd=None) -> None:
    lang = current_lang()
    form.status.choices = [(s.key, getattr(s, f"label_{lang}")) for s in c.plan.statuses]
    cycles = queries.open_cycles(c.plan_id)
    if upd is not None and upd.cycle_id and upd.cycle_id not in {cy.id for cy in cycles}:
        from ..models import ReportingCycle

        cycles.insert(0, db.session.get(ReportingCycle, upd.cycle_id))  # closed since: keep it
    form.cycle_id.choices = [("", "—")] + [(str(cy.id), cy.name) for cy in cycles]


def _update_input(form: UpdateForm) -> workflow.UpdateInput:
    return workflow.UpdateInput(
        as_of=form.as_of.data, status=form.status.data or "", progress=form.progress.data or "",
        no_change=form.no_change.data, narrative_fr=form.narrative_fr.data or "",
        narrative_en=form.narrative_en.data or "", challenges_fr=form.challenges_fr.data or "",
        challenges_en=form.challenges_en.data or "",
        cycle_id=int(form.cycle_id.data) if (form.cycle_id.data or "").isdigit() else None)


def _save_evidence(form: UpdateForm, upd: ProgressUpdate) -> None:
    storage = form.evidence_file.data
    if storage and getattr(storage, "filename", ""):
        workflow.add_evidence_file(upd, storage.filename, storage.read(), form.evidence_label.data or "", current_user)
    if form.evidence_url.data:
        workflow.add_evidence_link(upd, form.evidence_url.data, form.evidence_label.data or "", current_user)


def _after_save(form: UpdateForm, upd: ProgressUpdate):
    if form.action.data == "submit" or request.form.get("submit_now"):
        workflow.submit_update(upd, current_user)
        db.session.commit()
        flash(_("Update submitted to the secretariat for publication."), "success")
    else:
        db.session.commit()
        flash(_("Draft saved."), "success")
    return redirect(url_for("commitments.update_view", update_id=upd.id), 303)


@bp.route("/<int:commitment_id>/updates/new", methods=["GET", "POST"])
def update_new(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "update")
    form = UpdateForm()
    _update_choices(form, c)
    if request.method == "GET":
        form.as_of.data, form.status.data, form.progress.data = date.today(), c.status, str(c.progress)
        cycles = queries.open_cycles(c.plan_id)
        if cycles:
            form.cycle_id.data = str(cycles[0].id)
    if form.validate_on_submit():
        try:
            upd = workflow.create_update(c, _update_input(form), current_user)
            _save_evidence(form, upd)
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        else:
            return _after_save(form, upd)
    return render_template("commitments/update_form.html", form=form, c=c, upd=None)


@bp.route("/updates/<int:update_id>/edit", methods=["GET", "POST"])
def update_edit(update_id: int):
    upd = get_update_or_404(update_id, "submit")
    if not upd.editable:
        flash(_("Only a draft or an update sent back can be changed."), "warning")
        return redirect(url_for("commitments.update_view", update_id=upd.id), 303)
    c = upd.commitment
    form = UpdateForm(obj=upd) if request.method == "GET" else UpdateForm()
    _update_choices(form, c, upd)
    if request.method == "GET":
        form.progress.data, form.cycle_id.data = str(upd.progress), str(upd.cycle_id or "")
    if form.validate_on_submit():
        try:
            workflow.edit_update(upd, _update_input(form), current_user)
            _save_evidence(form, upd)
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        else:
            return _after_save(form, upd)
    return render_template("commitments/update_form.html", form=form, c=c, upd=upd)


@bp.route("/updates/<int:update_id>")
def update_view(update_id: int):
    upd = get_update_or_404(update_id)
    return render_template("commitments/update_view.html", upd=upd, c=upd.commitment, return_form=ReturnForm(),
                           statuses=upd.commitment.plan.status_by_key())


@bp.route("/updates/<int:update_id>/submit", methods=["POST"])
def update_submit(update_id: int):
    upd = get_update_or_404(update_id, "submit")
    try:
        workflow.submit_update(upd, current_user)
    except RuleError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("commitments.update_view", update_id=upd.id), 303)
    db.session.commit()
    flash(_("Update submitted to the secretariat for publication."), "success")
    return redirect(url_for("commitments.update_view", update_id=upd.id), 303)


@bp.route("/updates/<int:update_id>/publish", methods=["POST"])
def update_publish(update_id: int):
    upd = get_update_or_404(update_id, "publish")
    try:
        workflow.publish_update(upd, current_user)
    except RuleError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("commitments.update_view", update_id=upd.id), 303)
    db.session.commit()
    flash(_("Update published. The commitment now shows its new status."), "success")
    return redirect(url_for("commitments.review"), 303)


@bp.route("/updates/<int:update_id>/return", methods=["POST"])
def update_return(update_id: int):
    upd = get_update_or_404(update_id, "publish")
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            workflow.return_update(upd, form.comment.data or "", current_user)
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Update sent back to its organisation with your comment."), "success")
            return redirect(url_for("commitments.review"), 303)
    return render_template("commitments/update_view.html", upd=upd, c=upd.commitment, return_form=form,
                           statuses=upd.commitment.plan.status_by_key()), 400


@bp.route("/evidence/<int:evidence_id>")
def evidence(evidence_id: int):
    ev = db.session.get(Evidence, evidence_id)
    if ev is None or ev.kind != "file" or ev.file is None or not may_see_update(current_user, ev.update):
        abort(404)
    return files.send(ev.file, ev.filename)


@bp.route("/review")
def review():
    authorize("update.publish")
    rows = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.state == "submitted")
                              .order_by(ProgressUpdate.submitted_at)).all()
    return render_template("commitments/review.html", rows=rows)


@bp.route("/<int:commitment_id>/spending", methods=["GET", "POST"])
def spending(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "spending")
    form = SpendingForm()
    if request.method == "GET" and request.args.get("fy"):
        row = db.session.scalar(select(Spending).where(Spending.commitment_id == c.id,
                                                       Spending.fiscal_year == request.args["fy"]))
        if row is not None:
            form = SpendingForm(obj=row)
    if form.validate_on_submit():
        try:
            workflow.save_spending(c, form.fiscal_year.data, form.planned.data, form.actual.data,
                                   form.funding_source.data, form.variance_reason.data, current_user,
                                   note=form.note.data or "")
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Spending saved."), "success")
            return redirect(url_for("commitments.view", commitment_id=c.id, _anchor="spending"), 303)
    rows = db.session.scalars(select(Spending).where(Spending.commitment_id == c.id)
                              .order_by(Spending.fiscal_year)).all()
    return render_template("commitments/spending.html", form=form, c=c, rows=rows)


@bp.route("/<int:commitment_id>/indicators", methods=["GET", "POST"])
def indicators(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "indicator")
    form = IndicatorForm()
    del form.objective_id
    if form.validate_on_submit():
        try:
            workflow.create_indicator(c.plan, commitment=c, objective_id=None, name_fr=form.name_fr.data or "",
                                      name_en=form.name_en.data or "", level=form.level.data, unit=form.unit.data,
                                      baseline=form.baseline.data, target=form.target.data, actor=current_user)
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Indicator added."), "success")
            return redirect(url_for("commitments.indicators", commitment_id=c.id), 303)
    rows = db.session.scalars(select(Indicator).where(Indicator.commitment_id == c.id).order_by(Indicator.id)).all()
    return render_template("commitments/indicators.html", form=form, c=c, rows=rows, mform=MeasurementForm(),
                           failed_id=None)


@bp.route("/indicators/<int:indicator_id>/measurements", methods=["POST"])
def measurement_add(indicator_id: int):
    ind = db.session.get(Indicator, indicator_id)
    if ind is None:
        abort(404)
    if ind.commitment_id is None:
        from .plans import objective_measurement

        return objective_measurement(ind)
    c = get_commitment_or_404(ind.commitment_id, "indicator")
    mform = MeasurementForm()
    if mform.validate_on_submit():
        try:
            workflow.add_measurement(ind, mform.measured_on.data, mform.value.data, mform.note.data or "", current_user)
        except RuleError as exc:
            attach_errors(mform, exc.errors)
        else:
            db.session.commit()
            flash(_("Measurement added."), "success")
            return redirect(url_for("commitments.indicators", commitment_id=c.id), 303)
    rows = db.session.scalars(select(Indicator).where(Indicator.commitment_id == c.id).order_by(Indicator.id)).all()
    form = IndicatorForm(formdata=None)
    del form.objective_id
    return render_template("commitments/indicators.html", form=form, c=c, rows=rows,
                           mform=mform, failed_id=ind.id), 400
