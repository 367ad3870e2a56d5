"""The yearly public report of a plan for one fiscal year: only public commitments and published updates,
whoever asks (it is the public report), in the language of the request or of the command."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import utcnow
from ..extensions import db
from ..i18n import LOCALES, force_locale
from .models import Commitment, Plan, ProgressUpdate, Spending
from .rules import fiscal_year_of, fiscal_year_range

CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "commitments.css"


def report_context(plan: Plan, fy: str) -> dict:
    start, end = fiscal_year_range(fy)
    rows = db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id,
                                                       Commitment.visibility == "public")
                              .options(selectinload(Commitment.lead_organisation), selectinload(Commitment.pillar))
                              .order_by(Commitment.sort_key)).all()
    ids = {c.id for c in rows}
    updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    # Status and progress as of the year's end: from the last report published for a date up to then.
    year_end: dict[int, tuple[str, int]] = {}
    for upd in db.session.scalars(select(ProgressUpdate).where(
            ProgressUpdate.state == "published", ProgressUpdate.as_of <= end)
            .order_by(ProgressUpdate.as_of, ProgressUpdate.id)):
        if upd.commitment_id not in ids:
            continue
        year_end[upd.commitment_id] = (upd.status, upd.progress)
        if upd.as_of >= start:
            updates[upd.commitment_id].append(upd)
    spending: dict[int, list[Spending]] = defaultdict(list)
    totals = {"planned": 0, "actual": 0, "has_actual": False}
    for s in db.session.scalars(select(Spending).where(Spending.fiscal_year == fy)):
        if s.commitment_id in ids:
            spending[s.commitment_id].append(s)
            totals["planned"] += s.planned or 0
            if s.actual is not None:
                totals["actual"] += s.actual
                totals["has_actual"] = True
    by_pillar: dict = defaultdict(list)
    counts: dict = defaultdict(int)
    standing = {}
    for c in rows:
        by_pillar[c.pillar].append(c)
        standing[c.id] = year_end.get(c.id, (c.status, c.progress))
        counts[standing[c.id][0]] += 1
    pillars = [p for p in plan.pillars if p in by_pillar] + ([None] if None in by_pillar else [])
    return {"plan": plan, "fy": fy, "fiscal_years": plan_fiscal_years(plan, fy), "start": start, "end": end,
            "rows": rows, "by_pillar": by_pillar, "pillars": pillars, "updates": updates, "spending": spending,
            "totals": totals, "counts": counts,
            "standing": standing, "statuses": plan.status_by_key(), "generated": utcnow(), "today": date.today(),
            "closed": plan.closed_status_keys()}


def plan_fiscal_years(plan: Plan, fy: str) -> list[str]:
    """The fiscal years the plan's period touches (and the one asked for)."""
    if not (plan.period_start and plan.period_end):
        return [fy]
    first, last = int(fiscal_year_of(plan.period_start)[:4]), int(fiscal_year_of(plan.period_end)[:4])
    years = [f"{y}-{y + 1}" for y in range(first, last + 1)]
    return years if fy in years else sorted(years + [fy])


def render_standalone(plan: Plan, fy: str, lang: str) -> str:
    """A self-contained HTML file (styles inside, no links to fetch) for the CLI."""
    with force_locale(LOCALES.get(lang, "fr_CA")):
        from flask import g

        g.lang = lang
        return render_template("commitments/report_standalone.html", css=CSS.read_text(encoding="utf-8"),
                               lang=lang, **report_context(plan, fy))
