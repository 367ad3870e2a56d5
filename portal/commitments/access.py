"""Loading and authorising in one step, so no view can forget it (flaskr get_post, Indico _check_access).

Every object a route serves by id or code comes through here. A parent's visibility bounds its children: a
draft plan hides its commitments, an internal commitment its reports, a report its evidence. What the user
may not see is a 404 (its existence is not revealed); what they may see but not change is a 403."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from .. import links
from ..extensions import db
from ..guards import parse_int
from ..permissions import SECRETARIAT, authorize, can, may_see
from .models import Commitment, Evidence, Indicator, Plan, ProgressUpdate, ReportingCycle, Spending

PLAN_ACTIONS = {"view": None, "manage": "plan.manage", "import": "commitment.import", "indicators": "indicator.edit",
                "cycles": "cycle.manage"}
COMMITMENT_ACTIONS = {"view": None, "edit": "commitment.edit", "update": "update.submit", "spending": "spending.edit",
                      "indicator": "indicator.edit"}
UPDATE_ACTIONS = {"view": None, "submit": "update.submit", "publish": "update.publish"}


def may_see_plan(user, plan: Plan) -> bool:
    return plan.status != "draft" or can(user, "plan.manage")


def may_see_commitment(user, c: Commitment) -> bool:
    return may_see(user, c.visibility, c.owner_organisation_ids) and may_see_plan(user, c.plan)


def levels_read(plan: Plan, rows) -> list[str]:
    """The visibility of each commitment a page, an answer or a download shows, for the audit of confidential
    reads (portal.audit.record_read): a draft plan's commitments are the secretariat's."""
    return [SECRETARIAT if plan.status == "draft" else c.visibility for c in rows]


def plan_levels(plan: Plan) -> list[str]:
    """A plan's own page, read as one item: a draft plan is the secretariat's."""
    return [SECRETARIAT if plan.status == "draft" else "public"]


def may_see_update(user, upd: ProgressUpdate) -> bool:
    if not may_see_commitment(user, upd.commitment):
        return False
    if upd.state == "published":
        return True
    return can(user, "update.publish") or can(user, "update.submit", upd.commitment)


def get_plan_or_404(code: str, action: str = "view") -> Plan:
    """A plan by its code; `action` is a plan-wide permission (an ALL grant)."""
    # Its statuses are loaded when something reads them (a page's shared part kept already does not).
    plan = db.session.scalar(select(Plan).where(Plan.code == code).options(lazyload(Plan.statuses)))
    if plan is None or not may_see_plan(current_user, plan):
        abort(404)
    if PLAN_ACTIONS[action]:
        authorize(PLAN_ACTIONS[action])
    return plan


def get_commitment_or_404(commitment_id: int, action: str = "view") -> Commitment:
    """A commitment the current user may see (404 otherwise, hiding internal ones) and may `action`."""
    c = db.session.get(Commitment, commitment_id)
    if c is None or not may_see_commitment(current_user, c):
        abort(404)
    if COMMITMENT_ACTIONS[action]:
        authorize(COMMITMENT_ACTIONS[action], c)
    return c


def get_update_or_404(update_id: int, action: str = "view") -> ProgressUpdate:
    upd = db.session.get(ProgressUpdate, update_id)
    if upd is None or not may_see_update(current_user, upd):
        abort(404)
    if UPDATE_ACTIONS[action]:
        authorize(UPDATE_ACTIONS[action], upd.commitment)
    return upd


def get_evidence_file_or_404(evidence_id: int) -> Evidence:
    """An evidence file, for whoever may see its report."""
    ev = db.session.get(Evidence, evidence_id)
    if ev is None or ev.kind != "file" or ev.file is None or not may_see_update(current_user, ev.update):
        abort(404)
    return ev


def get_indicator_or_404(indicator_id: int) -> Indicator:
    """An indicator its editor may measure: a commitment's (its organisation's) or an objective's (the
    secretariat's)."""
    ind = db.session.get(Indicator, indicator_id)
    if ind is None:
        abort(404)
    if ind.commitment_id is not None:
        get_commitment_or_404(ind.commitment_id, "indicator")
    else:
        plan = db.session.get(Plan, ind.plan_id)
        get_plan_or_404(plan.code, "indicators")
    return ind


def get_cycle_or_404(cycle_id: int) -> ReportingCycle:
    """Reporting cycles are the secretariat's."""
    cycle = db.session.get(ReportingCycle, cycle_id)
    if cycle is None or not may_see_plan(current_user, cycle.plan):
        abort(404)
    authorize("cycle.manage")
    return cycle


def spending_line(c: Commitment, fiscal_year: str) -> Spending | None:
    """A commitment's spending for one fiscal year (the commitment already authorised by the caller)."""
    return db.session.scalar(select(Spending).where(Spending.commitment_id == c.id, Spending.fiscal_year == fiscal_year)
                             .order_by(Spending.id).limit(1))


def visible_source(source_type: str, source_id: str) -> links.Ref | None:
    """The record (of any feature) a commitment is proposed from, when the current user may see it."""
    number = parse_int(source_id, lo=1)
    if not source_type or number is None:
        return None
    ref = links.resolve(source_type, number)
    if ref is None or not may_see(current_user, ref.visibility, ref.owner_org_ids):
        return None
    return ref
