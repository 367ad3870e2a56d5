"""Deletions for harvesters: the tombstones of a plan's commitments, spending lines and indicators that a
reader could see and that are no longer there for them (deleted, or made internal), since a time."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..permissions import visibility_levels
from . import exports, queries
from .models import Commitment, Plan, Tombstone


def _present(plan: Plan, user: Any) -> set[tuple]:
    """What the reader sees now, in the tombstones' keys (a record deleted then added again is not gone)."""
    refs = db.session.scalars(select(Commitment.ref).where(Commitment.plan_id == plan.id,
                                                           queries.visible_clause(user)))
    keys = {("commitment", ref) for ref in refs}
    keys |= {("spending", s.commitment.ref, s.fiscal_year, s.funding_source) for s in exports.spending(plan, user)}
    keys |= {("indicator", i.id) for i in exports.indicators(plan, user)}
    return keys


def _key(t: Tombstone) -> tuple:
    if t.kind == "spending":
        return ("spending", t.commitment_ref, t.fiscal_year, t.funding_source)
    return ("indicator", t.indicator_id) if t.kind == "indicator" else ("commitment", t.commitment_ref)


def deletions(plan: Plan, user: Any, since: datetime | None) -> list[dict]:
    """Newest first; one entry per record (its latest removal)."""
    stmt = select(Tombstone).where(Tombstone.plan_id == plan.id, Tombstone.visibility.in_(visibility_levels(user)))
    if since is not None:
        stmt = stmt.where(Tombstone.deleted_at >= since)
    present, seen, out = _present(plan, user), set(), []
    for t in db.session.scalars(stmt.order_by(Tombstone.deleted_at.desc(), Tombstone.id.desc())):
        key = _key(t)
        if key in present or key in seen:
            continue
        seen.add(key)
        entry = {"type": t.kind, "commitment_ref": t.commitment_ref, "deleted_at": t.deleted_at.isoformat()}
        if t.kind == "spending":
            entry.update(fiscal_year=t.fiscal_year, funding_source=t.funding_source)
        if t.kind == "indicator":
            entry["id"] = t.indicator_id
        out.append(entry)
    return out
