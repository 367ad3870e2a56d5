"""Reads shared by the pages, the open data, the exports, the jobs and other features; typed rows out.

The dashboard and the list run a fixed number of SQL queries, whatever the number of commitments: they must
not grow with the plan."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from ..auth.models import Organisation
from ..extensions import db
from ..guards import page_arg
from ..i18n import _, format_date, ngettext
from ..permissions import can, can_some, may_see
from ..todo import TodoItem
from .models import (Commitment, CommitmentEvent, CommitmentJurisdiction, CommitmentPartner, Indicator, Pillar,
                     Plan, ProgressUpdate, ReportingCycle)
from .rules import fiscal_year_range
from .spending import (PlanSpending, SpendingTotal, SpendingYear, plan_spending,  # noqa: F401 (re-exported)
                       spending_by_year, spending_lines, spending_totals)
from .visibility import _co_lead_ids, updates_clause, user_org_id, visible_clause  # noqa: F401 (re-exported)

PAGE_SIZE = 50
# A row of a list or of the dashboard shows the lead, not the partners or the provinces: not loaded up front.
ROW_OPTIONS = (selectinload(Commitment.lead_organisation), lazyload(Commitment.partners),
               lazyload(Commitment.jurisdiction_rows))


@dataclass
class Dashboard:
    counts: dict[int | None, dict[str, int]]   # pillar id -> status -> number
    totals: dict[str, int]                      # status -> number
    total: int
    share_complete: float | None                # cancelled ones left out
    overdue: list[Commitment]
    overdue_count: int
    at_risk: list[Commitment]
    at_risk_count: int
    spending: list[SpendingYear]


@dataclass
class CycleCompletion:
    """One organisation's part of a reporting cycle."""
    organisation: Organisation
    items: list[Commitment]
    missing: list[Commitment]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return len(self.items) - len(self.missing)

    @property
    def share(self) -> float:
        return self.done / self.total if self.items else 1.0


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
        page = page_arg(args=args)
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
        org_ids = select(Organisation.id).where(or_(func.lower(Organisation.short_name) == f.org.lower(),
                                                    func.lower(Organisation.short_name_fr) == f.org.lower()))
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
        stmt.options(*ROW_OPTIONS, selectinload(Commitment.pillar))
        .order_by(Commitment.sort_key).limit(page_size).offset((f.page - 1) * page_size)).all()
    return list(rows), total


def all_filtered(plan: Plan, user: Any, f: Filters) -> list[Commitment]:
    stmt = filtered_stmt(plan, user, f).options(selectinload(Commitment.lead_organisation),
                                                selectinload(Commitment.pillar), selectinload(Commitment.parent))
    return list(db.session.scalars(stmt.order_by(Commitment.sort_key)))


def dashboard(plan: Plan, user: Any, today: date | None = None, list_size: int = 15,
              spending: list[SpendingYear] | None = None) -> Dashboard:
    """The dashboard's figures; `spending` by year when the caller has it already (plan_spending)."""
    today = today or date.today()
    vis = visible_clause(user)
    base = and_(Commitment.plan_id == plan.id, vis)
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue_count = 0
    for pillar_id, status, n, late in db.session.execute(
            select(Commitment.pillar_id, Commitment.status, func.count(),
                   func.count().filter(overdue_clause(plan, today))).where(base)
            .group_by(Commitment.pillar_id, Commitment.status)):
        counts[pillar_id][status] += n
        overdue_count += late
    totals: dict[str, int] = defaultdict(int)
    for by_status in counts.values():
        for status, n in by_status.items():
            totals[status] += n
    total = sum(totals.values())
    considered = total - totals.get("cancelled", 0)
    share_complete = (totals.get("completed", 0) / considered) if considered else None
    opts = ROW_OPTIONS
    overdue = db.session.scalars(select(Commitment).where(base, overdue_clause(plan, today)).options(*opts)
                                 .order_by(Commitment.due_date, Commitment.sort_key).limit(list_size)).all()
    attention = plan.attention_status_keys()   # the plan's statuses flagged "needs attention"
    at_risk = db.session.scalars(select(Commitment).where(base, Commitment.status.in_(attention))
                                 .options(*opts).order_by(Commitment.sort_key).limit(list_size)).all()
    return Dashboard(counts=counts, totals=totals, total=total, share_complete=share_complete, overdue=list(overdue),
                     overdue_count=overdue_count, at_risk=list(at_risk),
                     at_risk_count=sum(totals.get(key, 0) for key in attention),
                     spending=spending if spending is not None else spending_by_year(plan, user))


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


def cycle_completion(cycle: ReportingCycle) -> list[CycleCompletion]:
    """Per organisation: which of its commitments still lack a submitted or published update in the cycle."""
    done_ids = set(db.session.scalars(select(ProgressUpdate.commitment_id).where(
        ProgressUpdate.cycle_id == cycle.id, ProgressUpdate.state.in_(("submitted", "published")))))
    return [CycleCompletion(org, items, [c for c in items if c.id not in done_ids])
            for org, items in cycle_assignments(cycle).items()]


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


def plan_cycles(plan: Plan) -> list[ReportingCycle]:
    return list(db.session.scalars(select(ReportingCycle).where(ReportingCycle.plan_id == plan.id)
                                   .order_by(ReportingCycle.due_date.desc())))


def cycle_choices(plan_id: int, keep_id: int | None = None) -> list[ReportingCycle]:
    """The plan's open cycles, and the one an update already belongs to even if it has closed since."""
    cycles = open_cycles(plan_id)
    if keep_id and keep_id not in {cy.id for cy in cycles}:
        kept = db.session.get(ReportingCycle, keep_id)
        if kept is not None:
            cycles.insert(0, kept)
    return cycles


def my_cycles(org_id: int) -> list[tuple[ReportingCycle, CycleCompletion | None]]:
    """Each open cycle, with the organisation's part of it (None when it has nothing to report)."""
    return [(cy, next((r for r in cycle_completion(cy) if r.organisation.id == org_id), None))
            for cy in open_cycles()]


def my_commitments(user: Any) -> list[Commitment]:
    """What the user's organisation leads or co-leads, that the user may see."""
    org_id = user_org_id(user)
    stmt = select(Commitment).where(visible_clause(user)).where(
        (Commitment.lead_organisation_id == org_id) | Commitment.id.in_(_co_lead_ids(org_id))) \
        .options(selectinload(Commitment.plan), selectinload(Commitment.lead_organisation)) \
        .order_by(Commitment.plan_id, Commitment.sort_key)
    return list(db.session.scalars(stmt))


def updates_in_progress(commitments: list[Commitment]) -> list[ProgressUpdate]:
    """Drafts, sent-back and submitted updates of these commitments, newest first."""
    return list(db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.commitment_id.in_([c.id for c in commitments]) if commitments else false(),
        ProgressUpdate.state.in_(("draft", "returned", "submitted"))).order_by(ProgressUpdate.id.desc())))


def submitted_updates() -> list[ProgressUpdate]:
    """The secretariat's review queue, oldest first."""
    return list(db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.state == "submitted")
                                   .order_by(ProgressUpdate.submitted_at)))


def latest_published(commitment_ids: list[int]) -> dict[int, ProgressUpdate]:
    """Each commitment's latest published progress report (by its date)."""
    latest: dict[int, ProgressUpdate] = {}
    if commitment_ids:
        for upd in db.session.scalars(select(ProgressUpdate).where(
                ProgressUpdate.commitment_id.in_(commitment_ids), ProgressUpdate.state == "published")
                .order_by(ProgressUpdate.as_of, ProgressUpdate.id)):
            latest[upd.commitment_id] = upd
    return latest


def history(commitment: Commitment, user: Any) -> list[CommitmentEvent]:
    """A commitment's history, newest first; what is not public only for those who see internal work."""
    stmt = select(CommitmentEvent).where(CommitmentEvent.commitment_id == commitment.id) \
        .order_by(CommitmentEvent.at.desc(), CommitmentEvent.id.desc())
    if not (can(user, "internal.read") or may_see(user, "secretariat")):
        stmt = stmt.where(CommitmentEvent.public.is_(True))
    return list(db.session.scalars(stmt))


def commitment_indicators(commitment: Commitment) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.commitment_id == commitment.id)
                                   .order_by(Indicator.id)))


def objective_indicators(plan: Plan, objective_id: int | None = None) -> list[Indicator]:
    """The indicators of the plan's objectives (or of one objective): the secretariat's, not a commitment's."""
    stmt = select(Indicator).where(Indicator.plan_id == plan.id, Indicator.commitment_id.is_(None)) \
        .options(selectinload(Indicator.objective)).order_by(Indicator.id)
    if objective_id is not None:
        stmt = stmt.where(Indicator.objective_id == objective_id)
    return list(db.session.scalars(stmt))


def todo_for(user: Any) -> list[TodoItem]:
    """The home page's to-do: reports the person's organisation owes per open cycle; reports to review."""
    org = user_org_id(user)
    owed = [(cy, len(part.missing) if part else 0) for cy, part in my_cycles(org)] \
        if org and can_some(user, "update.submit") else []
    items = [TodoItem(ngettext("%(num)s progress report due", "%(num)s progress reports due", n), n, "commitments.mine",
                      detail=_("%(cycle)s, due %(date)s", cycle=cy.name, date=format_date(cy.due_date))) for cy, n in owed]
    n = len(submitted_updates()) if can(user, "update.publish") else 0
    return items + [TodoItem(ngettext("%(num)s progress report to review", "%(num)s progress reports to review", n),
                             n, "commitments.review")]
