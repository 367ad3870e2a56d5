"""What the commitments templates need to show things as a reader understands them: labels, not keys."""
from __future__ import annotations

from datetime import date

from ...auth.models import Organisation
from ...i18n import _l, current_lang, format_date, format_money, localized, written_in
from ..blueprint import bp
from ..chart import spending_chart
from ..models import Plan
from ..models.commitment import PARTNER_ROLES, VISIBILITIES
from ..rules import fiscal_year_of

EVENT_LABELS = {"created": _l("Created"), "updated": _l("Changed"), "imported": _l("Imported from a file"),
                "update_published": _l("Progress report published"), "spending": _l("Spending recorded"),
                "indicator": _l("Indicator added")}
FIELD_LABELS = {"ref": _l("Reference"), "title_fr": _l("Title in French"), "title_en": _l("Title in English"),
                "description_fr": _l("Description in French"), "description_en": _l("Description in English"),
                "lead": _l("Lead"), "pillar": _l("Pillar"), "objective": _l("Objective"), "parent": _l("Part of"),
                "start_date": _l("Start"), "due_kind": _l("Kind of due date"), "due_date": _l("Due"),
                "due_fiscal_year": _l("Due fiscal year"), "status": _l("Status"), "progress": _l("Progress"),
                "visibility": _l("Visibility"), "weight": _l("Weight"), "partners": _l("Partners"),
                "jurisdictions": _l("Provinces and territories"), "fiscal_year": _l("Fiscal year"),
                "planned": _l("Planned"), "actual": _l("Actual"), "variance_reason": _l("Reason for the difference"),
                "indicator": _l("Indicator")}
HIDDEN_FIELDS = {"due_kind", "due_fiscal_year"}  # shown through "due"


def report_fy(plan: Plan) -> str:
    """The last complete fiscal year of the plan's period, or the one before today's."""
    today = date.today()
    last = plan.period_end if plan.period_end and plan.period_end < today else today.replace(year=today.year - 1)
    return fiscal_year_of(last)


def history_value(field: str, value, plan: Plan, limit: int = 80):
    """A history value as a reader understands it: labels, not keys; dates and money formatted; a French or
    English text marked with its language; organisations by their short name in the page's language."""
    if value in (None, ""):
        return "—"
    if field[-3:] in ("_fr", "_en"):
        text = str(value)
        return written_in(text if len(text) <= limit else text[:limit - 1].rstrip() + "…", field[-2:])
    text = _history_text(field, value, plan)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _acronym(short_name: str) -> str:
    org = Organisation.by_short_name(short_name) if short_name else None
    return org.acronym if org is not None else short_name


def _history_text(field: str, value, plan: Plan) -> str:
    if field == "status":
        s = plan.status_by_key().get(value)
        return getattr(s, f"label_{current_lang()}") if s else str(value)
    if field == "visibility":
        return str(VISIBILITIES.get(value, value))
    if field == "pillar":
        p = next((p for p in plan.pillars if p.key == value), None)
        return str(localized(p, "title")) if p else str(value)
    if field == "progress":
        return f"{value} %"
    if field in ("planned", "actual"):
        return format_money(value)
    if field in ("due_date", "start_date"):
        try:
            return format_date(date.fromisoformat(str(value)), "medium")
        except ValueError:
            return str(value)
    if field == "partners":
        return "; ".join(f"{_acronym(name)} ({PARTNER_ROLES.get(role, role)})" if role else _acronym(name)
                         for name, _s, role in (item.strip().partition(":") for item in str(value).split(";"))
                         if name)
    if field == "lead":
        return _acronym(str(value))
    return str(value)


@bp.context_processor
def _helpers():
    return {"spending_chart": spending_chart, "report_fy": report_fy,
            "event_label": lambda k: str(EVENT_LABELS.get(k, k)),
            "field_label": lambda k: str(FIELD_LABELS.get(k, k)),
            "history_value": history_value, "history_hidden": HIDDEN_FIELDS}
