"""The secretariat's plan pages: plan settings, the objectives' indicators, reporting cycles."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...i18n import _, localized
from ...permissions import authorize
from .. import queries, workflow
from ..access import get_plan_or_404
from ..forms import CycleForm, IndicatorForm, MeasurementForm
from ..models import Indicator, Plan, ReportingCycle
from ..rules import RuleError
from ...rules import attach_errors
from ..blueprint import bp


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


def objective_measurement(ind: Indicator):
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
    if request.method == "GET":
        # The working group meets quarterly: offer the current federal quarter, due two weeks after it ends.
        from datetime import timedelta

        from ..rules import fiscal_quarter

        fy, n, end = fiscal_quarter(date.today())
        form.name.data, form.opens_on.data, form.due_date.data = f"{fy} Q{n}", date.today(), end + timedelta(days=14)
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


# ---- Plan settings (secretariat) -------------------------------------------------------------------

def _plan_form(plan=None):
    from ..forms import PlanForm
    from ..models.plans import PLAN_STATES
    from ..plans import objectives_text, pillars_text, statuses_text

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
    from ..plans import PlanInput, save_plan

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
