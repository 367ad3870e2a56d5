"""Reads of spending: by fiscal year, by lead organisation, by pillar (re-exported by queries.py)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from ..auth.models import Organisation
from ..extensions import db
from .models import Commitment, Pillar, Plan, Spending
from .visibility import visible_clause


@dataclass
class SpendingYear:
    fy: str
    planned: Decimal
    actual: Decimal | None   # None until some actual spending is reported for the year


@dataclass
class SpendingTotal:
    key: str
    name_fr: str
    name_en: str
    planned: Decimal
    actual: Decimal | None


def spending_by_year(plan: Plan, user: Any) -> list[SpendingYear]:
    rows = db.session.execute(
        select(Spending.fiscal_year, func.sum(Spending.planned), func.sum(Spending.actual),
               func.count(Spending.actual))
        .join(Commitment, Commitment.id == Spending.commitment_id)
        .where(Commitment.plan_id == plan.id, visible_clause(user))
        .group_by(Spending.fiscal_year).order_by(Spending.fiscal_year))
    return [SpendingYear(fy, planned or Decimal(0), actual if n else None) for fy, planned, actual, n in rows]


@dataclass
class PlanSpending:
    by_year: list[SpendingYear]
    by_organisation: list[SpendingTotal]
    by_pillar: list[SpendingTotal]


def plan_spending(plan: Plan, user: Any) -> PlanSpending:
    """spending_by_year and spending_totals by organisation and by pillar from one grouped statement (at most
    years x lead organisations x pillars rows), added up here: the dashboard's three tables in one round trip."""
    rows = db.session.execute(
        select(Spending.fiscal_year, Organisation.short_name, Organisation.name_fr, Organisation.name_en,
               Pillar.key, Pillar.title_fr, Pillar.title_en, func.sum(Spending.planned), func.sum(Spending.actual),
               func.count(Spending.actual))
        .join(Commitment, Commitment.id == Spending.commitment_id)
        .join(Organisation, Organisation.id == Commitment.lead_organisation_id)
        .outerjoin(Pillar, Pillar.id == Commitment.pillar_id)
        .where(Commitment.plan_id == plan.id, visible_clause(user))
        .group_by(Spending.fiscal_year, Organisation.short_name, Organisation.name_fr, Organisation.name_en,
                  Pillar.key, Pillar.title_fr, Pillar.title_en)).all()

    def add(into: dict, key: tuple, planned, actual, n: int) -> None:
        total = into.setdefault(key, [Decimal(0), Decimal(0), 0])
        total[0] += planned or Decimal(0)
        total[1] += actual if n else Decimal(0)
        total[2] += n

    years: dict = {}
    orgs: dict = {}
    pillars: dict = {}
    for fy, short, org_fr, org_en, pkey, p_fr, p_en, planned, actual, n in rows:
        add(years, (fy,), planned, actual, n)
        add(orgs, (short, org_fr, org_en), planned, actual, n)
        add(pillars, (pkey, p_fr, p_en), planned, actual, n)

    def totals(groups: dict) -> list[SpendingTotal]:
        out = [SpendingTotal(k or "—", fr or "", en or "", p, a if n else None) for (k, fr, en), (p, a, n) in groups.items()]
        return sorted(out, key=lambda t: (-t.planned, t.key))

    return PlanSpending(by_year=[SpendingYear(fy, p, a if n else None) for (fy,), (p, a, n) in sorted(years.items())],
                        by_organisation=totals(orgs), by_pillar=totals(pillars))


def spending_totals(plan: Plan, user: Any, by: str, fy: str | None = None) -> list[SpendingTotal]:
    """Totals by 'organisation' (lead) or 'pillar', optionally for one fiscal year."""
    if by == "organisation":
        key_cols = (Organisation.short_name, Organisation.name_fr, Organisation.name_en)
        stmt = select(*key_cols, func.sum(Spending.planned), func.sum(Spending.actual)) \
            .join(Commitment, Commitment.id == Spending.commitment_id) \
            .join(Organisation, Organisation.id == Commitment.lead_organisation_id)
    else:
        key_cols = (Pillar.key, Pillar.title_fr, Pillar.title_en)
        stmt = select(*key_cols, func.sum(Spending.planned), func.sum(Spending.actual)) \
            .join(Commitment, Commitment.id == Spending.commitment_id) \
            .outerjoin(Pillar, Pillar.id == Commitment.pillar_id)
    stmt = stmt.where(Commitment.plan_id == plan.id, visible_clause(user))
    if fy:
        stmt = stmt.where(Spending.fiscal_year == fy)
    stmt = stmt.group_by(*key_cols).order_by(func.sum(Spending.planned).desc())
    return [SpendingTotal(k or "—", fr or "", en or "", p or Decimal(0), a)
            for k, fr, en, p, a in db.session.execute(stmt)]


def spending_lines(commitment: Commitment) -> list[Spending]:
    return list(db.session.scalars(select(Spending).where(Spending.commitment_id == commitment.id)
                                   .order_by(Spending.fiscal_year)))
