"""Reads that more than one view (or another feature) needs. Each runs a fixed number of SQL queries,
whatever the number of commitments: the dashboard and the list must not grow with the plan."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, false, func, or_, select, true
from sqlalchemy.orm import selectinload

from ..auth.models import Organisation
from ..extensions import db
from ..permissions import can
from .models import (Commitment, CommitmentJurisdiction, CommitmentPartner, Pillar, Plan, ProgressUpdate,
                     ReportingCycle, Spending)
from .rules import fiscal_year_range

PAGE_SIZE = 50


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


def visible_plans(user: Any) -> list[Plan]:
    stmt = select(Plan).order_by(Plan.period_start.desc().nullslast(), Plan.code)
    if not can(user, "plan.manage"):
        stmt = stmt.where(Plan.status != "draft")
    return list(db.session.scalars(stmt))


@dataclass
class Filters:
    pillar: str = ""
    org: str = ""
    status: str = ""
    overdue: bool = False
    fy: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        return cls(pillar=args.get("pillar", "").strip(), org=args.get("org", "").strip(),
                   status=args.get("status", "").strip(), overdue=args.get("overdue") in ("1", "on", "true"),
                   fy=args.get("fy", "").strip(), q=args.get("q", "").strip()[:100], page=page)

    def as_args(self, **override) -> dict:
        out = {"pillar": self.pillar, "org": self.org, "status": self.status, "overdue": "1" if self.overdue else "",
               "fy": self.fy, "q": self.q, "page": self.page}
        out.update(override)
        return {k: v for k, v in out.items() if v not in ("", None, 1) or (k == "page" and v != 1)}


def filtered_stmt(plan: Plan, user: Any, f: Filters, today: date | None = None):
    today = today or date.today()
    stmt = select(Commitment).where(Commitment.plan_id == plan.id, visible_clause(user))
    if f.pillar:
        stmt = stmt.join(Pillar, Pillar.id == Commitment.pillar_id).where(Pillar.key == f.pillar)
    if f.org:
        org_ids = select(Organisation.id).where(func.lower(Organisation.short_name) == f.org.lower())
        stmt = stmt.where(or_(Commitment.lead_organisation_id.in_(org_ids), Commitment.id.in_(
            select(CommitmentPartner.commitment_id).where(CommitmentPartner.organisation_id.in_(org_ids)))))
    if f.status:  # one status, or several separated by commas ("at_risk,delayed")
        stmt = stmt.where(Commitment.status.in_([x.strip() for x in f.status.split(",") if x.strip()]))
    if f.overdue:
        stmt = stmt.where(overdue_clause(plan, today))
    if f.fy:
        try:
            start, end = fiscal_year_range(f.fy)
            stmt = stmt.where(Commitment.due_date >= start, Commitment.due_date <= end)
        except ValueError:
            stmt = stmt.where(false())
    if f.q:
        like = f"%{f.q.lower()}%"
        stmt = stmt.where(or_(func.lower(Commitment.title_fr).like(like), func.lower(Commitment.title_en).like(like),
                              Commitment.ref.like(f"{f.q}%")))
    return stmt


def overdue_clause(plan: Plan, today: date):
    closed = plan.closed_status_keys() or {"completed", "cancelled"}
    return and_(Commitment.due_date < today, Commitment.due_kind != "ongoing", Commitment.status.not_in(closed))


def commitment_page(plan: Plan, user: Any, f: Filters, today: date | None = None,
                    page_size: int = PAGE_SIZE) -> tuple[list[Commitment], int]:
    """One page of the filtered list (with what the rows show loaded up front) and the total count."""
    stmt = filtered_stmt(plan, user, f, today)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = db.session.scalars(
        stmt.options(selectinload(Commitment.lead_organisation), selectinload(Commitment.pillar))
        .order_by(Commitment.sort_key).limit(page_size).offset((f.page - 1) * page_size)).all()
    return list(rows), total


def all_filtered(plan: Plan, user: Any, f: Filters) -> list[Commitment]:
    stmt = filtered_stmt(plan, user, f).options(selectinload(Commitment.lead_organisation),
                                                selectinload(Commitment.pillar), selectinload(Commitment.parent))
    return list(db.session.scalars(stmt.order_by(Commitment.sort_key)))


def dashboard(plan: Plan, user: Any, today: date | None = None, list_size: int = 15) -> dict:
    today = today or date.today()
    vis = visible_clause(user)
    base = and_(Commitment.plan_id == plan.id, vis)
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pillar_id, status, n in db.session.execute(
            select(Commitment.pillar_id, Commitment.status, func.count()).where(base)
            .group_by(Commitment.pillar_id, Commitment.status)):
        counts[pillar_id][status] += n
    totals: dict[str, int] = defaultdict(int)
    for by_status in counts.values():
        for status, n in by_status.items():
            totals[status] += n
    total = sum(totals.values())
    considered = total - totals.get("cancelled", 0)
    share_complete = (totals.get("completed", 0) / considered) if considered else None
    opts = (selectinload(Commitment.lead_organisation),)
    overdue = db.session.scalars(select(Commitment).where(base, overdue_clause(plan, today)).options(*opts)
                                 .order_by(Commitment.due_date, Commitment.sort_key).limit(list_size)).all()
    overdue_count = db.session.scalar(select(func.count()).select_from(Commitment)
                                      .where(base, overdue_clause(plan, today))) or 0
    at_risk = db.session.scalars(select(Commitment).where(base, Commitment.status.in_(("at_risk", "delayed")))
                                 .options(*opts).order_by(Commitment.sort_key).limit(list_size)).all()
    return {"counts": counts, "totals": totals, "total": total, "share_complete": share_complete,
            "overdue": overdue, "overdue_count": overdue_count, "at_risk": at_risk,
            "at_risk_count": totals.get("at_risk", 0) + totals.get("delayed", 0),
            "spending": spending_by_year(plan, user)}


def spending_by_year(plan: Plan, user: Any) -> list[dict]:
    rows = db.session.execute(
        select(Spending.fiscal_year, func.sum(Spending.planned), func.sum(Spending.actual),
               func.count(Spending.actual))
        .join(Commitment, Commitment.id == Spending.commitment_id)
        .where(Commitment.plan_id == plan.id, visible_clause(user))
        .group_by(Spending.fiscal_year).order_by(Spending.fiscal_year))
    return [{"fy": fy, "planned": planned or 0, "actual": actual if n else None} for fy, planned, actual, n in rows]


def spending_totals(plan: Plan, user: Any, by: str, fy: str | None = None) -> list[dict]:
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
    return [{"key": k or "—", "name_fr": fr or "", "name_en": en or "", "planned": p or 0, "actual": a}
            for k, fr, en, p, a in db.session.execute(stmt)]


def visible_updates(commitment: Commitment, user: Any) -> list[ProgressUpdate]:
    stmt = select(ProgressUpdate).join(Commitment, Commitment.id == ProgressUpdate.commitment_id) \
        .where(ProgressUpdate.commitment_id == commitment.id, updates_clause(user)) \
        .order_by(ProgressUpdate.as_of.desc(), ProgressUpdate.id.desc())
    return list(db.session.scalars(stmt))


def cycle_assignments(cycle: ReportingCycle) -> dict[Organisation, list[Commitment]]:
    """Each lead organisation's active commitments (leaves: parents roll up from them) for the cycle."""
    plan = db.session.get(Plan, cycle.plan_id)
    closed = plan.closed_status_keys()
    has_children = select(Commitment.parent_id).where(Commitment.parent_id.is_not(None))
    rows = db.session.scalars(select(Commitment).where(
        Commitment.plan_id == plan.id, Commitment.status.not_in(closed), Commitment.id.not_in(has_children))
        .options(selectinload(Commitment.lead_organisation)).order_by(Commitment.sort_key)).all()
    out: dict[Organisation, list[Commitment]] = defaultdict(list)
    for c in rows:
        out[c.lead_organisation].append(c)
    return dict(sorted(out.items(), key=lambda kv: kv[0].short_name))


def cycle_completion(cycle: ReportingCycle) -> list[dict]:
    """Per organisation: how many of its commitments have a submitted or published update in the cycle."""
    done_ids = set(db.session.scalars(select(ProgressUpdate.commitment_id).where(
        ProgressUpdate.cycle_id == cycle.id, ProgressUpdate.state.in_(("submitted", "published")))))
    out = []
    for org, items in cycle_assignments(cycle).items():
        done = [c for c in items if c.id in done_ids]
        out.append({"organisation": org, "items": items, "done": len(done), "total": len(items),
                    "missing": [c for c in items if c.id not in done_ids],
                    "share": len(done) / len(items) if items else 1.0})
    return out


def open_cycles(plan_id: int | None = None) -> list[ReportingCycle]:
    stmt = select(ReportingCycle).where(ReportingCycle.status == "open").order_by(ReportingCycle.due_date)
    if plan_id:
        stmt = stmt.where(ReportingCycle.plan_id == plan_id)
    return list(db.session.scalars(stmt))


def commitments_for_jurisdiction(code: str, user: Any) -> list[Commitment]:
    """What the user may see that names that province or territory (for the coalitions feature's
    province pages): commitments listing it, or led by its government."""
    gov_ids = select(Organisation.id).where(Organisation.jurisdiction_code == code,
                                            Organisation.org_type == "jurisdiction")
    named = select(CommitmentJurisdiction.commitment_id).where(CommitmentJurisdiction.code == code)
    stmt = select(Commitment).where(visible_clause(user), or_(Commitment.id.in_(named),
                                                              Commitment.lead_organisation_id.in_(gov_ids))) \
        .join(Plan, Plan.id == Commitment.plan_id).where(Plan.status != "draft") \
        .options(selectinload(Commitment.lead_organisation), selectinload(Commitment.plan)) \
        .order_by(Plan.code, Commitment.sort_key)
    return list(db.session.scalars(stmt))


def status_case(plan: Plan):
    """SQL ordering by the plan's status list."""
    return case({s.key: s.position for s in plan.statuses}, value=Commitment.status, else_=99)
