"""The rules a commitment, an update or a spending line must follow, with translated reasons: fiscal years,
due values, progress, the partners' notation. Pure functions (no database), raising ValueError.

Shared by the forms, the services, the queries and the CSV import, so the web and the file say the same thing;
the services turn a ValueError into a RuleError (portal.rules) on the field it concerns."""
from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from decimal import Decimal

from ..guards import parse_int
from ..i18n import _

FY_RE = re.compile(r"^([0-9]{4})\s*[-–/]\s*([0-9]{2}|[0-9]{4})$")


def parse_fiscal_year(value: str) -> str:
    """'2012-2013' (or '2012-13') -> '2012-2013'; a federal fiscal year runs 1 April to 31 March."""
    m = FY_RE.match((value or "").strip())
    if not m:
        raise ValueError(_("“%(value)s” is not a fiscal year; write it like 2012-2013.", value=value))
    start, end = int(m.group(1)), m.group(2)
    if not 1900 <= start <= 2998:  # year 0 has no 1 April (datetime refuses it)
        raise ValueError(_("“%(value)s” is not a fiscal year; write it like 2012-2013.", value=value))
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end_year != start + 1:
        raise ValueError(_("“%(value)s” is not a fiscal year: the second year must follow the first "
                           "(for example 2012-2013).", value=value))
    return f"{start}-{end_year}"


def fiscal_year_end(fy: str) -> date:
    return date(int(fy[:4]) + 1, 3, 31)


def fiscal_year_of(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{start + 1}"


def fiscal_year_range(fy: str) -> tuple[date, date]:
    start = int(fy[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date; write it like 2026-03-31.", value=value)) from None


def parse_due(value: str) -> tuple[str | None, date | None, str | None]:
    """A due value: '' (none), 'ongoing', a fiscal year '2012-2013' (its 31 March) or a date."""
    value = (value or "").strip()
    if not value:
        return None, None, None
    if value.lower() in ("ongoing", "en cours", "en continu"):
        return "ongoing", None, None
    if FY_RE.match(value) and not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        fy = parse_fiscal_year(value)
        return "fiscal_year", fiscal_year_end(fy), fy
    try:
        return "date", date.fromisoformat(value), None
    except ValueError:
        raise ValueError(_("“%(value)s” is not a due date: write a date (2026-03-31), a fiscal year "
                           "(2012-2013) or “ongoing”.", value=value)) from None


def check_progress(value) -> int:
    n = parse_int(value, hi=10**9)   # ASCII digits only: "²" or "٣" is not a number here
    if n is None:
        raise ValueError(_("Progress must be a whole number from 0 to 100."))
    if not 0 <= n <= 100:
        raise ValueError(_("Progress must be between 0 and 100 (you entered %(n)s).", n=n))
    return n


def check_dates(start: date | None, due: date | None) -> None:
    if start and due and due < start:
        raise ValueError(_("The due date (%(due)s) is before the start date (%(start)s).",
                           due=due.isoformat(), start=start.isoformat()))


def variance_needs_reason(planned: Decimal | None, actual: Decimal | None) -> bool:
    """Actual differs from planned by more than 10%."""
    if actual is None or planned is None:
        return False
    planned, actual = Decimal(planned), Decimal(actual)
    if planned == 0:
        return actual != 0
    return abs(actual - planned) > abs(planned) * Decimal("0.10")


def fiscal_quarter(day: date) -> tuple[str, int, date]:
    """The federal fiscal quarter of a day: ('2025-2026', 3, its last day). Q1 is April to June."""
    fy = fiscal_year_of(day)
    n = ((day.month - 4) % 12) // 3 + 1
    end_month = ((n * 3 + 3 - 1) % 12) + 1
    end_year = int(fy[:4]) + (1 if end_month <= 3 else 0)
    return fy, n, date(end_year, end_month, monthrange(end_year, end_month)[1])


# A partner's role as a person writes it after the short name, in either language ("GRC:coresponsable",
# "RCMP:co-lead"); the stored key is on the right. The first word of each language is the one the form shows.
ROLE_WORDS = {"fr": {"coresponsable": "co_lead", "soutien": "support", "consulté": "consulted",
                     "co-responsable": "co_lead", "consulte": "consulted", "consultée": "consulted"},
              "en": {"co-lead": "co_lead", "support": "support", "consulted": "consulted", "colead": "co_lead",
                     "co_lead": "co_lead"}}


def role_word(role: str, lang: str) -> str:
    """'co_lead' -> 'coresponsable' in French, 'co-lead' in English."""
    return next((w for w, key in ROLE_WORDS[lang].items() if key == role), role)


def parse_partners(value: str) -> list[tuple[str, str]]:
    """'RCMP; CBSA:co-lead; JUS:consulté' -> [('RCMP', 'support'), ('CBSA', 'co_lead'), ('JUS', 'consulted')].
    An unknown role word is kept as written, for the service to refuse by name."""
    words = {**ROLE_WORDS["fr"], **ROLE_WORDS["en"]}
    out = []
    for item in (value or "").split(";"):
        item = item.strip()
        if not item:
            continue
        name, _sep, role = item.partition(":")
        role = role.strip()
        out.append((name.strip(), words.get(role.lower(), role) if role else "support"))
    return out
