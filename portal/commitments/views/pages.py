"""Pages anyone may read (within what they may see): plans, dashboard, list and its export, timeline, yearly
report, a commitment's page, and the department lead's own commitments."""
from __future__ import annotations

from dataclasses import astuple
from datetime import date

from flask import Response, abort, render_template, request
from flask_login import current_user

from ... import audit, fragments, links
from ...i18n import _l
from ...pagecache import visitor_cache
from ...permissions import authorize_some, can, can_some
from ...pickers import lookup_response
from .. import queries
from ..access import get_commitment_or_404, get_plan_or_404, levels_read, may_see_commitment, plan_levels
from ..blueprint import bp
from ..lookup import organisation_groups
from ..importers import export_rows, to_csv
from ..report import report_context
from ..rules import fiscal_year_of, parse_fiscal_year


# What these pages read: the plan and its commitments, and the organisations' names.
SCOPES = ("commitments", "auth")


@bp.route("/")
@visitor_cache(*SCOPES)
def index():
    return render_template("commitments/index.html", plans=queries.visible_plans(current_user))


@bp.route("/plans/<code>")
@visitor_cache(*SCOPES)
def plan(code: str):
    plan = get_plan_or_404(code)

    def body() -> str:
        spending = queries.plan_spending(plan, current_user)
        return render_template("commitments/_dashboard.html", plan=plan,
                               d=queries.dashboard(plan, current_user, spending=spending.by_year),
                               indicators=queries.objective_indicators(plan), by_org=spending.by_organisation,
                               by_pillar=spending.by_pillar,
                               cycles=queries.open_cycles(plan.id) if can_some(current_user, "update.submit") else [])

    html = render_template("commitments/dashboard.html", plan=plan,
                           body=fragments.html(fragments.shared("commitments.dashboard", SCOPES, plan.id, body)))
    audit.record_read("plan.viewed", plan, actor=current_user, visibilities=plan_levels(plan), what=_l("dashboard"))
    return html


@bp.route("/plans/<code>/commitments", endpoint="list")
@visitor_cache(*SCOPES)
def commitment_list(code: str):
    plan = get_plan_or_404(code)
    f = queries.Filters.from_args(request.args)
    results_only = bool(request.headers.get("HX-Request")) and request.headers.get("HX-Target") == "commitment-results"

    def body() -> tuple[str, tuple[str, ...]]:
        rows, total = queries.commitment_page(plan, current_user, f)
        pages = max(1, (total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE)
        ctx = dict(plan=plan, rows=rows, total=total, f=f, pages=pages, today=date.today(),
                   closed=plan.closed_status_keys(), statuses=plan.status_by_key())
        if results_only:
            return render_template("commitments/_results.html", **ctx), tuple(levels_read(plan, rows))
        return (render_template("commitments/_list.html", org_groups=organisation_groups(), **ctx),
                tuple(levels_read(plan, rows)))

    text, levels = fragments.shared("commitments.list", SCOPES, (plan.id, results_only, astuple(f)), body)
    html = text if results_only else render_template("commitments/list.html", plan=plan, body=fragments.html(text))
    audit.record_read("plan.commitments_read", plan, actor=current_user, visibilities=levels,
                      what=_l("list page %(page)s", page=str(f.page)))
    return html


@bp.route("/plans/<code>/commitments.csv")
def export_csv(code: str):
    plan = get_plan_or_404(code)
    f = queries.Filters.from_args(request.args)
    rows = queries.all_filtered(plan, current_user, f)
    body = to_csv(export_rows(rows))
    audit.record_read("plan.exported", plan, actor=current_user, visibilities=levels_read(plan, rows),
                      what=_l("commitments %(format)s", format="csv"))
    return Response("\ufeff" + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{plan.code}-commitments.csv"'})


@bp.route("/plans/<code>/timeline")
def timeline(code: str):
    plan = get_plan_or_404(code)
    rows = queries.all_filtered(plan, current_user, queries.Filters())
    groups: dict[str, list] = {}
    for c in sorted(rows, key=lambda c: (c.due_date or date.max, c.sort_key)):
        key = fiscal_year_of(c.due_date) if c.due_date else ("ongoing" if c.due_kind == "ongoing" else "none")
        groups.setdefault(key, []).append(c)
    html = render_template("commitments/timeline.html", plan=plan, groups=groups, today=date.today(),
                           closed=plan.closed_status_keys(), statuses=plan.status_by_key())
    audit.record_read("plan.commitments_read", plan, actor=current_user, visibilities=levels_read(plan, rows),
                      what=_l("timeline"))
    return html


@bp.route("/plans/<code>/report/<fy>")
def report(code: str, fy: str):
    plan = get_plan_or_404(code)
    try:
        fy = parse_fiscal_year(fy)
    except ValueError:
        abort(404)
    return render_template("commitments/report.html", **report_context(plan, fy))


@bp.route("/mine")
def mine():
    authorize_some("update.submit")
    rows = queries.my_commitments(current_user)
    return render_template("commitments/mine.html", rows=rows, pending=queries.updates_in_progress(rows),
                           today=date.today(), cycles=queries.my_cycles(current_user.organisation_id))


@bp.route("/<int:commitment_id>")
def view(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "view")
    objective_indicators = queries.objective_indicators(c.plan, c.objective_id) if c.objective_id else []
    html = render_template("commitments/view.html", c=c, statuses=c.plan.status_by_key(),
                           children=[ch for ch in c.children if may_see_commitment(current_user, ch)],
                           updates=queries.visible_updates(c, current_user),
                           events=queries.history(c, current_user), spending=queries.spending_lines(c),
                           indicators=queries.commitment_indicators(c), objective_indicators=objective_indicators,
                           linked=links.linked("commitment", c.id, current_user), today=date.today(),
                           closed=c.plan.closed_status_keys(), show_person=can(current_user, "update.publish"))
    audit.record_read("commitment.viewed", c, actor=current_user, visibilities=levels_read(c.plan, [c]))
    return html


@bp.route("/lookup")
def lookup():
    """The record picker's matches for what was typed: commitments the person may see (portal/pickers.py)."""
    return lookup_response("commitment")
