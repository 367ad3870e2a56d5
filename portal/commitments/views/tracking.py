"""A commitment's spending; indicators (a commitment's, or the plan's objectives') and their measurements."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ...flow import form_status, render_form, see_other, transaction
from ...i18n import _
from .. import queries, services
from ..access import get_commitment_or_404, get_indicator_or_404, get_plan_or_404, spending_line
from ..blueprint import bp
from ..forms import IndicatorForm, MeasurementForm, SpendingForm
from ..models import Commitment, Indicator, Plan


@bp.route("/<int:commitment_id>/spending", methods=["GET", "POST"])
def spending(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "spending")
    form = SpendingForm()
    if request.method == "GET" and request.args.get("fy"):
        row = spending_line(c, request.args["fy"])
        if row is not None:
            form = SpendingForm(obj=row)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.save_spending(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.view", commitment_id=c.id, _anchor="spending"), _("Spending saved."))
    return render_form("commitments/spending.html", form, c=c, rows=queries.spending_lines(c))


@bp.route("/<int:commitment_id>/indicators", methods=["GET", "POST"])
def indicators(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "indicator")
    form = IndicatorForm.for_commitment()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.create_indicator(c.plan, form.to_input(), current_user, commitment=c)
        if tx.ok:
            return see_other(url_for("commitments.indicators", commitment_id=c.id), _("Indicator added."))
    return _indicators_page(form, MeasurementForm(), commitment=c)


@bp.route("/plans/<code>/indicators", methods=["GET", "POST"])
def plan_indicators(code: str):
    """Indicators of the plan's objectives (no owner organisation: the secretariat's)."""
    plan = get_plan_or_404(code, "indicators")
    form = IndicatorForm.for_plan(plan)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.create_indicator(plan, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.plan_indicators", code=plan.code), _("Indicator added."))
    return _indicators_page(form, MeasurementForm(), plan=plan)


@bp.route("/indicators/<int:indicator_id>/measurements", methods=["POST"])
def measurement_add(indicator_id: int):
    ind = get_indicator_or_404(indicator_id)
    mform = MeasurementForm()
    if mform.validate_on_submit():
        with transaction(mform) as tx:
            services.add_measurement(ind, mform.to_input(), current_user)
        if tx.ok:
            back = url_for("commitments.indicators", commitment_id=ind.commitment_id) if ind.commitment_id else \
                url_for("commitments.plan_indicators", code=ind.plan.code)
            return see_other(back, _("Measurement added."))
    if ind.commitment is not None:
        return _indicators_page(IndicatorForm.for_commitment(formdata=None), mform, commitment=ind.commitment,
                                failed=ind)
    return _indicators_page(IndicatorForm.for_plan(ind.plan, formdata=None), mform, plan=ind.plan, failed=ind)


def _indicators_page(form: IndicatorForm, mform: MeasurementForm, *, commitment: Commitment | None = None,
                     plan: Plan | None = None, failed: Indicator | None = None):
    """A commitment's indicators, or (without one) the plan's objectives' indicators, with their forms."""
    rows = queries.commitment_indicators(commitment) if commitment else queries.objective_indicators(plan)
    return render_template("commitments/indicators.html", form=form, c=commitment, plan=plan, rows=rows, mform=mform,
                           failed_id=failed.id if failed else None), form_status(form, mform)
