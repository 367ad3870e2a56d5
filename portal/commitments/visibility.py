"""Which commitments and progress reports a reader may see, as SQL clauses (re-exported by queries.py); the
permission filter every read of the feature puts inside its statement."""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, true

from ..permissions import can
from .models import Commitment, CommitmentPartner, ProgressUpdate


def user_org_id(user: Any) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.organisation_id


def _co_lead_ids(org_id: int):
    return select(CommitmentPartner.commitment_id).where(CommitmentPartner.organisation_id == org_id,
                                                         CommitmentPartner.role == "co_lead")


def visible_clause(user: Any):
    """Which commitments the user may see: public ones; internal ones for members with internal.read and
    for the owning organisations."""
    if can(user, "internal.read"):
        return true()
    org = user_org_id(user)
    conds = [Commitment.visibility == "public"]
    if org:
        conds += [Commitment.lead_organisation_id == org, Commitment.id.in_(_co_lead_ids(org))]
    return or_(*conds)


def updates_clause(user: Any):
    """Which progress updates the user may see: published ones; every state for the secretariat and
    for the owning organisations."""
    if can(user, "update.publish"):
        return true()
    org = user_org_id(user)
    conds = [ProgressUpdate.state == "published"]
    if org:
        owned = or_(Commitment.lead_organisation_id == org, Commitment.id.in_(_co_lead_ids(org)))
        conds.append(ProgressUpdate.commitment_id.in_(select(Commitment.id).where(owned)))
    return or_(*conds)
