"""Progress updates and their evidence, the secretariat's review, spending, indicators, reporting cycles."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..i18n import _, current_lang, localized
from ..permissions import authorize, can
from . import queries, workflow
from .access import get_commitment_or_404, get_plan_or_404, get_update_or_404, may_see_update
from .forms import CycleForm, IndicatorForm, MeasurementForm, ReturnForm, SpendingForm, UpdateForm
from .models import Evidence, Indicator, Plan, ProgressUpdate, ReportingCycle, Spending
from .rules import RuleError
from .views import attach_errors, bp


def _update_choices(form: UpdateForm, c) -> None:
    lang = current_lang()
    form.status.choices = [(s.key, getattr(s, f"label_{lang}")) for s in c.plan.statuses]
    form.cycle_id.choices = [("", "—")] + [(str(cy.id), cy.name) for cy in queries.open_cycles(c.plan_id)]


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
    _update_choices(form, c)
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
    if ev is None or ev.kind != "file" or not may_see_update(current_user, ev.update):
        abort(404)
    path = workflow.evidence_dir() / ev.stored_name
    if not path.is_file():
        abort(404)
    # Downloaded, never rendered inline: a file from a partner is not trusted content.
    # Read whole (files are at most 10 MB) so no file handle outlives the request.
    resp = Response(path.read_bytes(), mimetype=ev.content_type)
    resp.headers["Content-Disposition"] = content_disposition(ev.filename)
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def content_disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


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


@bp.route("/plans/<code>/indicators", methods=["GET", "POST"])
def plan_indicators(code: str):
    """Indicators of the plan's objectives (no owner organisation: the secretariat's)."""
    plan = get_plan_or_404(code)
    authorize("indicator.edit")
    form = IndicatorForm()
    form.objective_id.choices = [(str(o.id), f"{o.ref} {str(localized(o, 'title'))[:90]}") for o in plan.objectives]
    if form.validate_on_submit():
        objective_id = int(form.objective_id.data) if (form.objective_id.data or "").isdigit() else None
        if objective_id not in {o.id for o in plan.objectives}:
            attach_errors(form, {"objective_id": _("Choose an objective of this plan.")})
        else:
            try:
                workflow.create_indicator(plan, commitment=None, objective_id=objective_id,
                                          name_fr=form.name_fr.data or "", name_en=form.name_en.data or "",
                                          level=form.level.data, unit=form.unit.data, baseline=form.baseline.data,
                                          target=form.target.data, actor=current_user)
            except RuleError as exc:
                attach_errors(form, exc.errors)
            else:
                db.session.commit()
                flash(_("Indicator added."), "success")
                return redirect(url_for("commitments.plan_indicators", code=plan.code), 303)
    rows = db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id, Indicator.commitment_id.is_(None))
                              .order_by(Indicator.id)).all()
    return render_template("commitments/indicators.html", form=form, c=None, plan=plan, rows=rows,
                           mform=MeasurementForm(), failed_id=None)


@bp.route("/indicators/<int:indicator_id>/measurements", methods=["POST"])
def measurement_add(indicator_id: int):
    ind = db.session.get(Indicator, indicator_id)
    if ind is None:
        abort(404)
    if ind.commitment_id is None:
        return _objective_measurement(ind)
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


def _objective_measurement(ind: Indicator):
    plan = db.session.get(Plan, ind.plan_id)
    get_plan_or_404(plan.code)
    authorize("indicator.edit")
    mform = MeasurementForm()
    if mform.validate_on_submit():
        try:
            workflow.add_measurement(ind, mform.measured_on.data, mform.value.data, mform.note.data or "", current_user)
        except RuleError as exc:
            attach_errors(mform, exc.errors)
        else:
            db.session.commit()
            flash(_("Measurement added."), "success")
            return redirect(url_for("commitments.plan_indicators", code=plan.code), 303)
    rows = db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id, Indicator.commitment_id.is_(None))
                              .order_by(Indicator.id)).all()
    form = IndicatorForm(formdata=None)
    form.objective_id.choices = [(str(o.id), o.ref) for o in plan.objectives]
    return render_template("commitments/indicators.html", form=form, c=None, plan=plan, rows=rows, mform=mform,
                           failed_id=ind.id), 400


@bp.route("/plans/<code>/cycles", methods=["GET", "POST"])
def cycles(code: str):
    plan = get_plan_or_404(code)
    authorize("cycle.manage")
    form = CycleForm()
    if form.validate_on_submit():
        try:
            cycle = workflow.open_cycle(plan, form.name.data, form.opens_on.data, form.due_date.data, current_user)
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Reporting cycle %(name)s opened; the lead organisations have been notified.", name=cycle.name),
                  "success")
            return redirect(url_for("commitments.cycle", cycle_id=cycle.id), 303)
    rows = db.session.scalars(select(ReportingCycle).where(ReportingCycle.plan_id == plan.id)
                              .order_by(ReportingCycle.due_date.desc())).all()
    return render_template("commitments/cycles.html", plan=plan, form=form, rows=rows)


@bp.route("/cycles/<int:cycle_id>")
def cycle(cycle_id: int):
    cy = db.session.get(ReportingCycle, cycle_id)
    if cy is None:
        abort(404)
    authorize("cycle.manage")
    return render_template("commitments/cycle.html", cycle=cy, plan=cy.plan, rows=queries.cycle_completion(cy),
                           today=date.today())


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"])
def cycle_close(cycle_id: int):
    cy = db.session.get(ReportingCycle, cycle_id)
    if cy is None:
        abort(404)
    authorize("cycle.manage")
    workflow.close_cycle(cy, current_user)
    db.session.commit()
    flash(_("Reporting cycle %(name)s closed.", name=cy.name), "success")
    return redirect(url_for("commitments.cycles", code=cy.plan.code), 303)


def can_update(c) -> bool:
    return can(current_user, "update.submit", c)


# ---- Plan settings (secretariat) -------------------------------------------------------------------

def _plan_form(plan=None):
    from .forms import PlanForm
    from .models.plans import PLAN_STATES
    from .plans import objectives_text, pillars_text, statuses_text

    if plan is not None and request.method == "GET":
        form = PlanForm(obj=plan)
        form.pillars.data, form.objectives.data = pillars_text(plan), objectives_text(plan)
        form.statuses.data = statuses_text(plan)
    else:
        form = PlanForm()
        if request.method == "GET":
            form.statuses.data = statuses_text(None)
            form.pillars.data = ("prevention | Prévention | Prevention\nprotection | Protection | Protection\n"
                                 "prosecution | Poursuites | Prosecution\npartnerships | Partenariats | Partnerships\n"
                                 "empowerment | Autonomisation | Empowerment")
    form.status.choices = [(k, str(v)) for k, v in PLAN_STATES.items()]
    return form


def _save_plan(form, plan):
    from .plans import PlanInput, save_plan

    data = PlanInput(**{f: form[f].data for f in ("code", "title_fr", "title_en", "description_fr", "description_en",
                                                    "period_start", "period_end", "status", "pillars", "objectives",
                                                    "statuses")})
    return save_plan(plan, data, current_user)


@bp.route("/plans/new", methods=["GET", "POST"])
def plan_new():
    authorize("plan.manage")
    form = _plan_form()
    if form.validate_on_submit():
        try:
            plan = _save_plan(form, None)
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Plan %(code)s created.", code=plan.code), "success")
            return redirect(url_for("commitments.plan", code=plan.code), 303)
    return render_template("commitments/plan_form.html", form=form, plan=None)


@bp.route("/plans/<code>/settings", methods=["GET", "POST"])
def plan_settings(code: str):
    plan = get_plan_or_404(code)
    authorize("plan.manage")
    form = _plan_form(plan)
    if form.validate_on_submit():
        try:
            plan = _save_plan(form, plan)
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Plan %(code)s saved.", code=plan.code), "success")
            return redirect(url_for("commitments.plan", code=plan.code), 303)
    return render_template("commitments/plan_form.html", form=form, plan=plan)
