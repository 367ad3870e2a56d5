"""A commitment's own history, its progress roll-up, and the status a published report gives it."""
from __future__ import annotations

from typing import Any

from ... import audit
from ...extensions import db
from ..models import Commitment, CommitmentEvent


def changes_between(before: dict, after: dict) -> dict[str, list]:
    return {k: [audit._plain(before.get(k)), audit._plain(v)] for k, v in after.items() if before.get(k) != v}


def record_event(c: Commitment, kind: str, actor: Any, changes: dict | None = None, *, public: bool = True,
                 update_id: int | None = None) -> CommitmentEvent:
    authed = actor is not None and getattr(actor, "is_authenticated", False)
    ev = CommitmentEvent(commitment_id=c.id, kind=kind, changes=changes or None,
                         organisation_id=getattr(actor, "organisation_id", None) if authed else None,
                         user_id=getattr(actor, "id", None) if authed else None, public=public, update_id=update_id)
    db.session.add(ev)
    return ev


def rollup_from(node: Commitment | None) -> None:
    """Recompute progress of `node` and its ancestors from their children, weighted; cancelled ones are left out."""
    while node is not None:
        children = [ch for ch in node.children if ch.status != "cancelled"]
        if children:
            total = sum(ch.weight or 1 for ch in children)
            node.progress = round(sum((ch.progress or 0) * (ch.weight or 1) for ch in children) / total)
        node = node.parent


def rollup(c: Commitment) -> None:
    if c.children:
        rollup_from(c)
    else:
        rollup_from(c.parent)


def set_status_progress(c: Commitment, status: str, progress: int, actor: Any, *, update_id: int | None = None) -> dict:
    before = {"status": c.status, "progress": c.progress}
    c.status = status
    if not c.children:  # a parent's progress is the roll-up of its children
        c.progress = progress
    changes = changes_between(before, {"status": c.status, "progress": c.progress})
    record_event(c, "update_published", actor, changes, public=True, update_id=update_id)
    if changes:
        audit.record("commitment.progress", c, actor=actor, changes=changes, summary=f"{c.plan.code} {c.ref}")
    rollup_from(c.parent)
    return changes
