"""A plan's open data as tables: commitments (the import's columns), partners, spending by fiscal year and
indicators with their measurements. The same rows feed the CSV and XLSX exports; the API reads the same
queries. Everyone gets what the pages show them: the commitments they may see, and those commitments'
spending and indicators (the plan's objective indicators are public with the plan)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import _, localized
from ..spreadsheets import Sheet
from . import queries
from .importers import export_sheet
from .models import Commitment, Indicator, Plan, Spending

PARTNER_COLUMNS = ("ref", "organisation", "organisation_fr", "organisation_en", "role")
SPENDING_COLUMNS = ("ref", "fiscal_year", "funding_source", "planned", "actual", "variance", "variance_reason",
                    "variance_reason_lang", "note_fr", "note_en")
INDICATOR_COLUMNS = ("indicator_id", "objective_ref", "commitment_ref", "name_fr", "name_en", "level", "unit_fr",
                     "unit_en", "baseline", "target", "measured_on", "value", "measurement_note",
                     "measurement_note_lang")
KINDS = {"planned": "money", "actual": "money", "variance": "money", "baseline": "number", "target": "number",
         "value": "number", "measured_on": "date"}


def spending(plan: Plan, user: Any) -> list[Spending]:
    """The spending lines of the commitments the user may see, by commitment, fiscal year and source."""
    stmt = select(Spending).join(Commitment, Commitment.id == Spending.commitment_id) \
        .where(Commitment.plan_id == plan.id, queries.visible_clause(user)) \
        .options(selectinload(Spending.commitment)) \
        .order_by(Commitment.sort_key, Spending.fiscal_year, Spending.funding_source)
    return list(db.session.scalars(stmt))


def indicators(plan: Plan, user: Any) -> list[Indicator]:
    """The plan's objective indicators and those of the commitments the user may see."""
    visible = select(Commitment.id).where(Commitment.plan_id == plan.id, queries.visible_clause(user))
    stmt = select(Indicator).where(Indicator.plan_id == plan.id, or_(
        Indicator.commitment_id.is_(None), Indicator.commitment_id.in_(visible))) \
        .options(selectinload(Indicator.commitment), selectinload(Indicator.objective)).order_by(Indicator.id)
    return list(db.session.scalars(stmt))


def partner_rows(commitments: list[Commitment]) -> list[list[Any]]:
    return [[c.ref, p.organisation.short_name, p.organisation.name_fr, p.organisation.name_en, p.role]
            for c in commitments for p in sorted(c.partners, key=lambda p: p.organisation.short_name)]


def spending_rows(lines: list[Spending]) -> list[list[Any]]:
    return [[s.commitment.ref, s.fiscal_year, s.funding_source, s.planned, s.actual,
             (s.actual - s.planned) if s.actual is not None else None, s.variance_reason,
             s.variance_reason_lang or "", s.note_fr, s.note_en] for s in lines]


def indicator_rows(items: list[Indicator]) -> list[list[Any]]:
    """One row per measurement (an indicator not measured yet: one row without a measurement)."""
    rows = []
    for i in items:
        head = [i.id, i.objective.ref if i.objective else "", i.commitment.ref if i.commitment else "",
                i.name_fr, i.name_en, i.level, i.unit_fr, i.unit_en, i.baseline, i.target]
        for m in i.measurements or [None]:
            rows.append(head + ([m.measured_on, m.value, m.note, m.note_lang or ""] if m else [None, None, "", ""]))
    return rows


def tables(plan: Plan, user: Any, f: queries.Filters) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    commitments = queries.all_filtered(plan, user, f)
    return {
        "partners": (PARTNER_COLUMNS, partner_rows(commitments)),
        "spending": (SPENDING_COLUMNS, spending_rows(spending(plan, user))),
        "indicators": (INDICATOR_COLUMNS, indicator_rows(indicators(plan, user))),
    }


def workbook(plan: Plan, user: Any, f: queries.Filters) -> list[Sheet]:
    """Commitments first (the sheet the import reads), then partners, spending and indicators."""
    titles = {"partners": _("Partners"), "spending": _("Spending"), "indicators": _("Indicators")}
    sheets = [export_sheet(queries.all_filtered(plan, user, f), _("Commitments"))]
    for name, (header, rows) in tables(plan, user, f).items():
        sheets.append(Sheet(titles[name], list(header), rows, kinds=KINDS))
    return sheets


def _amount(value) -> float | None:
    return float(value) if value is not None else None


def spending_json(s: Spending) -> dict:
    return {"fiscal_year": s.fiscal_year, "funding_source": s.funding_source, "planned": _amount(s.planned),
            "actual": _amount(s.actual),
            "variance": _amount(s.actual - s.planned) if s.actual is not None else None,
            "variance_reason": s.variance_reason, "variance_reason_lang": s.variance_reason_lang,
            "note_fr": s.note_fr, "note_en": s.note_en}


def indicator_json(i: Indicator, lang: str) -> dict:
    return {"id": i.id, "name": str(localized(i, "name", lang)), "name_fr": i.name_fr, "name_en": i.name_en,
            "level": i.level, "unit": str(localized(i, "unit", lang)), "unit_fr": i.unit_fr, "unit_en": i.unit_en,
            "baseline": _amount(i.baseline), "target": _amount(i.target),
            "objective_ref": i.objective.ref if i.objective else None,
            "commitment_ref": i.commitment.ref if i.commitment else None,
            "measurements": [{"measured_on": m.measured_on.isoformat(), "value": _amount(m.value), "note": m.note,
                              "note_lang": m.note_lang} for m in i.measurements]}


def by_commitment(ids: list[int]) -> tuple[dict[int, list[Spending]], dict[int, list[Indicator]]]:
    """The spending lines and indicators of these commitments, in two queries (plus measurements)."""
    spend: dict[int, list[Spending]] = {i: [] for i in ids}
    inds: dict[int, list[Indicator]] = {i: [] for i in ids}
    if ids:
        for s in db.session.scalars(select(Spending).where(Spending.commitment_id.in_(ids))
                                    .order_by(Spending.fiscal_year, Spending.funding_source)):
            spend[s.commitment_id].append(s)
        for i in db.session.scalars(select(Indicator).where(Indicator.commitment_id.in_(ids))
                                    .options(selectinload(Indicator.commitment), selectinload(Indicator.objective))
                                    .order_by(Indicator.id)):
            inds[i.commitment_id].append(i)
    return spend, inds
