"""Loading and authorising in one step, so no view can forget it (flaskr get_post, Indico _check_access)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..permissions import authorize, can, may_see
from .models import Commitment, Plan, ProgressUpdate

ACTIONS = {"view": None, "edit": "commitment.edit", "update": "update.submit", "spending": "spending.edit",
           "indicator": "indicator.edit"}


def may_see_commitment(user, c: Commitment) -> bool:
    return may_see(user, c.visibility, c.owner_organisation_ids) and may_see_plan(user, c.plan)


def may_see_plan(user, plan: Plan) -> bool:
    return plan.status != "draft" or can(user, "plan.manage")


def get_plan_or_404(code: str) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None or not may_see_plan(current_user, plan):
        abort(404)
    return plan


def get_commitment_or_404(commitment_id: int, action: str = "view") -> Commitment:
    """Load a commitment the current user may see (404 otherwise, hiding internal ones) and may `action`."""
    c = db.session.get(Commitment, commitment_id)
    if c is None or not may_see_commitment(current_user, c):
        abort(404)
    permission = ACTIONS[action]
    if permission:
        authorize(permission, c)
    return c


def may_see_update(user, upd: ProgressUpdate) -> bool:
    if not may_see_commitment(user, upd.commitment):
        return False
    if upd.state == "published":
        return True
    return can(user, "update.publish") or can(user, "update.submit", upd.commitment)


def get_update_or_404(update_id: int, action: str = "view") -> ProgressUpdate:
    upd = db.session.get(ProgressUpdate, update_id)
    if upd is None or not may_see_update(current_user, upd):
        abort(404)
    if action == "submit":
        authorize("update.submit", upd.commitment)
    elif action == "publish":
        authorize("update.publish", upd.commitment)
    return upd
