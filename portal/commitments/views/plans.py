"""The secretariat's plan pages: plan settings and reporting cycles."""
from __future__ import annotations

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_cycle_or_404, get_plan_or_404
from ..blueprint import bp
from ..forms import CycleForm, PlanForm
from ..models import STATUS_COLOURS, Plan


def _plan_form(plan: Plan | None) -> PlanForm:
    form = PlanForm()
    if request.method == "GET":
        form.fill(plan)
    return form


@bp.route("/plans/new", methods=["GET", "POST"])
def plan_new():
    authorize("plan.manage")
    form = _plan_form(None)
    if form.validate_on_submit():
        with transaction(form) as tx:
            plan = services.save_plan(None, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.plan", code=plan.code), _("Plan %(code)s created.", code=plan.code))
    return render_form("commitments/plan_form.html", form, plan=None, status_colours=STATUS_COLOURS)


@bp.route("/plans/<code>/settings", methods=["GET", "POST"])
def plan_settings(code: str):
    plan = get_plan_or_404(code, "manage")
    form = _plan_form(plan)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.save_plan(plan, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.plan", code=plan.code), _("Plan %(code)s saved.", code=plan.code))
    # A draft plan: what making it public would publish in one language only, by reference, with links.
    pending = services.one_language_commitments(plan) if plan.status == "draft" else []
    return render_form("commitments/plan_form.html", form, plan=plan, status_colours=STATUS_COLOURS,
                       one_language_commitments=pending)


@bp.route("/plans/<code>/cycles", methods=["GET", "POST"])
def cycles(code: str):
    plan = get_plan_or_404(code, "cycles")
    form = CycleForm()
    if request.method == "GET":
        form.suggest(date.today())
    if form.validate_on_submit():
        with transaction(form) as tx:
            cycle = services.open_cycle(plan, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.cycle", cycle_id=cycle.id),
                             _("Reporting cycle %(name)s opened; the lead organisations have been notified.",
                               name=cycle.name))
    return render_form("commitments/cycles.html", form, plan=plan, rows=queries.plan_cycles(plan))


@bp.route("/cycles/<int:cycle_id>")
def cycle(cycle_id: int):
    cy = get_cycle_or_404(cycle_id)
    return render_template("commitments/cycle.html", cycle=cy, plan=cy.plan, rows=queries.cycle_completion(cy))


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"])
def cycle_close(cycle_id: int):
    cy = get_cycle_or_404(cycle_id)
    with transaction() as tx:
        services.close_cycle(cy, current_user)
    return see_other(url_for("commitments.cycles", code=cy.plan.code),
                     _("Reporting cycle %(name)s closed.", name=cy.name) if tx.ok else None)
