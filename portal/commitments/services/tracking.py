"""Spending by fiscal year, indicators and their measurements, reporting cycles."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...i18n import _, current_lang, format_date, localized
from ...rules import RuleError
from ..models import Commitment, Indicator, Measurement, Plan, ReportingCycle, Spending
from ..models.tracking import FUNDING_SOURCES, INDICATOR_LEVELS
from ..queries import cycle_assignments
from ..rules import parse_fiscal_year, variance_needs_reason
from .history import record_event
from .notify import mail, org_leads


@dataclass
class SpendingInput:
    fiscal_year: str
    planned: str | Decimal | None
    actual: str | Decimal | None = None
    funding_source: str = "dedicated"
    variance_reason: str = ""
    note_fr: str = ""
    note_en: str = ""
    lang: str | None = None          # the reason's language; None: the writer's (the page's)


@dataclass
class IndicatorInput:
    name_fr: str = ""
    name_en: str = ""
    level: str = "output"
    unit_fr: str = ""
    unit_en: str = ""
    baseline: str | None = None
    target: str | None = None
    objective_id: int | None = None   # an objective's indicator (the plan's), when not a commitment's


@dataclass
class MeasurementInput:
    measured_on: date | None
    value: str
    note: str = ""
    lang: str | None = None          # the note's language; None: the writer's (the page's)


@dataclass
class CycleInput:
    name: str
    due_date: date | None
    opens_on: date | None = None
    lang: str | None = None          # the name's language; None: the writer's (the page's)


def _money(value: str | Decimal | None, field_name: str, errors: dict, required: bool) -> Decimal | None:
    if value is None or str(value).strip() == "":
        if required:
            errors[field_name] = _("Enter an amount.")
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", ".").replace("$", ""))
    except InvalidOperation:
        errors[field_name] = _("“%(value)s” is not an amount.", value=value)
        return None
    if not amount.is_finite():  # NaN, Infinity: Decimal takes them, no amount is one
        errors[field_name] = _("“%(value)s” is not an amount.", value=value)
        return None
    if amount < 0:
        errors[field_name] = _("An amount cannot be negative.")
    return amount


def save_spending(commitment: Commitment, data: SpendingInput, actor: Any) -> Spending:
    """Planned and actual amounts for one fiscal year and funding source (added, or changed when recorded)."""
    errors: dict[str, str] = {}
    try:
        fy = parse_fiscal_year(data.fiscal_year)
    except ValueError as exc:
        errors["fiscal_year"], fy = str(exc), None
    planned = _money(data.planned, "planned", errors, required=True)
    actual = _money(data.actual, "actual", errors, required=False)
    if data.funding_source not in FUNDING_SOURCES:
        errors["funding_source"] = _("Choose a funding source.")
    reason = (data.variance_reason or "").strip()
    if not errors and variance_needs_reason(planned, actual) and not reason:
        errors["variance_reason"] = _("Actual spending differs from planned by more than 10%: explain why.")
    if errors:
        raise RuleError(errors)
    row = db.session.scalar(select(Spending).where(Spending.commitment_id == commitment.id,
                                                   Spending.fiscal_year == fy,
                                                   Spending.funding_source == data.funding_source))
    before = {}
    if row is None:
        row = Spending(commitment=commitment, fiscal_year=fy, funding_source=data.funding_source)
        db.session.add(row)
    else:
        before = {"planned": row.planned, "actual": row.actual, "variance_reason": row.variance_reason}
    if reason != (row.variance_reason or ""):
        row.variance_reason_lang = (data.lang or current_lang()) if reason else None
    row.planned, row.actual, row.variance_reason = planned, actual, reason
    row.note_fr, row.note_en = (data.note_fr or "").strip()[:300], (data.note_en or "").strip()[:300]
    db.session.flush()
    changes = {k: [audit._plain(before.get(k)), audit._plain(getattr(row, k))]
               for k in ("planned", "actual", "variance_reason") if before.get(k) != getattr(row, k)}
    changes = {"fiscal_year": [None, fy], **changes}
    record_event(commitment, "spending", actor, changes, public=commitment.visibility == "public")
    audit.record("spending.saved", row, actor=actor, changes=changes, summary=f"{commitment.ref} {fy}")
    return row


def create_indicator(plan: Plan, data: IndicatorInput, actor: Any, *, commitment: Commitment | None = None
                     ) -> Indicator:
    """A commitment's indicator, or (without a commitment) one of the plan's objectives'."""
    errors: dict[str, str] = {}
    objective_id = None
    if commitment is None:
        if data.objective_id not in {o.id for o in plan.objectives}:
            errors["objective_id"] = _("Choose an objective of this plan.")
        objective_id = data.objective_id
    if not (data.name_fr or "").strip() and not (data.name_en or "").strip():
        errors["name_fr"] = _("A name is required, in French or in English.")
    if data.level not in INDICATOR_LEVELS:
        errors["level"] = _("Choose a level of the logic model.")
    base = _money(data.baseline, "baseline", errors, required=False)
    target = _money(data.target, "target", errors, required=False)
    if errors:
        raise RuleError(errors)
    ind = Indicator(plan_id=plan.id, commitment=commitment, objective_id=objective_id,
                    name_fr=(data.name_fr or "").strip(), name_en=(data.name_en or "").strip(), level=data.level,
                    unit_fr=(data.unit_fr or "").strip()[:60], unit_en=(data.unit_en or "").strip()[:60],
                    baseline=base, target=target)
    db.session.add(ind)
    db.session.flush()
    if commitment is not None:
        record_event(commitment, "indicator", actor, {"indicator": [None, ind.name_en or ind.name_fr]},
                     public=commitment.visibility == "public")
    audit.record("indicator.created", ind, actor=actor, summary=localized(ind, "name", "en"))
    return ind


def add_measurement(ind: Indicator, data: MeasurementInput, actor: Any) -> Measurement:
    errors: dict[str, str] = {}
    if data.measured_on is None:
        errors["measured_on"] = _("Enter the date of the measurement.")
    amount = _money(data.value, "value", errors, required=True)
    if errors:
        raise RuleError(errors)
    note = (data.note or "").strip()[:300]
    m = Measurement(indicator=ind, measured_on=data.measured_on, value=amount, note=note,
                    note_lang=(data.lang or current_lang()) if note else None)
    db.session.add(m)
    db.session.flush()
    audit.record("measurement.added", m, actor=actor, summary=f"{ind.id} {data.measured_on} {amount}")
    return m


def _overlapping_open_cycle(plan: Plan, opens_on: date, due_date: date) -> ReportingCycle | None:
    return db.session.scalar(select(ReportingCycle).where(
        ReportingCycle.plan_id == plan.id, ReportingCycle.status == "open",
        ReportingCycle.opens_on <= due_date, ReportingCycle.due_date >= opens_on).order_by(ReportingCycle.opens_on))


def open_cycle(plan: Plan, data: CycleInput, actor: Any) -> ReportingCycle:
    """Open a reporting cycle and tell each lead organisation how many commitments it is to report on."""
    errors: dict[str, str] = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = _("Give the cycle a name, for example 2025-2026 Q3.")
    elif db.session.scalar(select(ReportingCycle.id).where(ReportingCycle.plan_id == plan.id,
                                                          ReportingCycle.name == name)):
        errors["name"] = _("This plan already has a cycle named %(name)s.", name=name)
    if data.due_date is None:
        errors["due_date"] = _("Enter the due date.")
    opens_on = data.opens_on or date.today()
    if data.opens_on and data.due_date and data.due_date < data.opens_on:
        errors["due_date"] = _("The due date is before the opening date.")
    elif data.due_date and (other := _overlapping_open_cycle(plan, min(opens_on, data.due_date),
                                                                       data.due_date)) is not None:
        # Two open cycles over the same dates would ask each lead for the same reports twice.
        errors["opens_on"] = _("The cycle %(name)s (%(opens)s to %(due)s) is still open on this plan for these dates. "
                         "Close it first, or choose dates after %(due)s.", name=other.name,
                         opens=format_date(other.opens_on), due=format_date(other.due_date))
    if errors:
        raise RuleError(errors)
    cycle = ReportingCycle(plan_id=plan.id, name=name, opens_on=opens_on, due_date=data.due_date,
                           name_lang=data.lang or current_lang())
    db.session.add(cycle)
    db.session.flush()
    audit.record("cycle.opened", cycle, actor=actor, summary=f"{plan.code} {name}")
    for org, items in cycle_assignments(cycle).items():
        for user in org_leads(org.id):
            mail(user.email, "commitments/cycle_opened", user.preferred_lang, cycle=cycle, plan=plan,
                 organisation=org, count=len(items), user=user)
    return cycle


def close_cycle(cycle: ReportingCycle, actor: Any) -> None:
    cycle.status = "closed"
    db.session.flush()
    audit.record("cycle.closed", cycle, actor=actor, summary=cycle.name)
