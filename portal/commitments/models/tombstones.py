"""Tombstones: what left the open data (a commitment, a spending line or an indicator deleted, or a public
commitment made internal), with when, so harvesters syncing with `updated_since` can delete their copy.

Written by a flush listener, whatever removes the record (a service, an import, a cascade through the ORM):
no service has to remember. A tombstone keeps the audience that saw the record (`visibility`); the API shows it
to readers of that audience for whom the record is no longer there."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ...db import UTCDateTime, utcnow
from ...extensions import db
from .commitment import Commitment
from .tracking import Indicator, Spending


class Tombstone(db.Model):
    __tablename__ = "cm_tombstones"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cm_plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))            # commitment | spending | indicator
    commitment_ref: Mapped[str | None] = mapped_column(String(40))
    fiscal_year: Mapped[str | None] = mapped_column(String(9))
    funding_source: Mapped[str | None] = mapped_column(String(20))
    indicator_id: Mapped[int | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(String(20), default="public")
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def _for_commitment(c: Commitment, visibility: str) -> list[Tombstone]:
    out = [Tombstone(plan_id=c.plan_id, kind="commitment", commitment_ref=c.ref, visibility=visibility)]
    out += [_for_spending(s, c, visibility) for s in db.session.scalars(
        select(Spending).where(Spending.commitment_id == c.id))]
    out += [_for_indicator(i, c, visibility) for i in db.session.scalars(
        select(Indicator).where(Indicator.commitment_id == c.id))]
    return out


def _for_spending(s: Spending, c: Commitment, visibility: str) -> Tombstone:
    return Tombstone(plan_id=c.plan_id, kind="spending", commitment_ref=c.ref, fiscal_year=s.fiscal_year,
                     funding_source=s.funding_source, visibility=visibility)


def _for_indicator(i: Indicator, c: Commitment | None, visibility: str) -> Tombstone:
    return Tombstone(plan_id=i.plan_id, kind="indicator", indicator_id=i.id,
                     commitment_ref=c.ref if c is not None else None, visibility=visibility)


def _narrowed_from_public(c: Commitment) -> bool:
    history = inspect(c).attrs.visibility.history
    return bool(history.deleted) and history.deleted[0] == "public" and c.visibility != "public"


@event.listens_for(Session, "before_flush")
def _write_tombstones(session: Session, _ctx, _instances) -> None:
    with session.no_autoflush:
        stones = _tombstones(session)
    session.add_all(stones)


def _tombstones(session: Session) -> list[Tombstone]:
    stones: list[Tombstone] = []
    deleted = set(session.deleted)
    for obj in deleted:
        if isinstance(obj, Commitment):
            stones += _for_commitment(obj, obj.visibility)
        elif isinstance(obj, Spending) and obj.commitment not in deleted:
            stones.append(_for_spending(obj, obj.commitment, obj.commitment.visibility))
        elif isinstance(obj, Indicator) and obj.commitment not in deleted:
            c = obj.commitment
            stones.append(_for_indicator(obj, c, c.visibility if c is not None else "public"))
    for obj in session.dirty:
        if isinstance(obj, Commitment) and obj not in deleted and _narrowed_from_public(obj):
            stones += _for_commitment(obj, "public")
    return stones
