"""Demo data: the 2012 National Action Plan (seeds 001, Annex C, and its 2012-2013 investments table)
and the 2017 management response action plan (seeds 003), kept as CSV files beside this module and loaded
THROUGH the feature's own importer and services. Progress updates, the reporting cycle and the
measurements are samples, marked as such."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

from sqlalchemy import select

from ...auth.models import Organisation
from ...extensions import db
from .. import services
from ..importers import import_commitments
from ..models import Commitment, Indicator, Objective, Plan, ProgressUpdate, ReportingCycle
from ..services import CycleInput, IndicatorInput, MeasurementInput, ObjectiveInput, SpendingInput, UpdateInput

DATA = Path(__file__).resolve().parent
COMMITMENT_FILES = {"NAP-2012": "nap2012_commitments.csv", "MRAP-2017": "mrap2017_commitments.csv"}
CYCLE_NAME = "2025-2026 Q3"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _actor(short_name: str):
    """The organisation a sample was written by; no person (the demo accounts come later)."""
    org = Organisation.by_short_name(short_name)
    return SimpleNamespace(id=None, organisation_id=org.id, is_authenticated=True, organisation=org)


def load(out: Callable[[str], None] = print) -> None:
    plans = {}
    for row in _rows("plans.csv"):
        plan = db.session.scalar(select(Plan).where(Plan.code == row["code"]))
        if plan is None:
            pillars = [(p["key"], p["title_fr"], p["title_en"]) for p in _rows("pillars.csv") if p["plan"] == row["code"]]
            plan = services.create_plan(row["code"], row["title_fr"], row["title_en"],
                                        period_start=date.fromisoformat(row["period_start"]),
                                        period_end=date.fromisoformat(row["period_end"]), pillars=pillars,
                                        description_fr=row["description_fr"], description_en=row["description_en"])
        plan.status = row["status"]
        plans[plan.code] = plan
    for row in _rows("objectives.csv"):
        services.add_objective(plans[row["plan"]], ObjectiveInput(row["ref"], row["pillar"], row["title_fr"],
                                                                  row["title_en"]))
    for code, name in COMMITMENT_FILES.items():
        report = import_commitments(plans[code], (DATA / name).read_text(encoding="utf-8"))
        if not report.ok:
            raise RuntimeError(f"demo file {name} is invalid: {report.errors}")
        out(f"Commitments {code}: {len(report.created)} created, {len(report.updated)} updated")
    _spending(plans["NAP-2012"])
    cycle = _cycle(plans["NAP-2012"])
    _samples(plans, cycle)
    _indicators(plans["NAP-2012"])
    db.session.flush()


def _commitment(plan: Plan, ref: str) -> Commitment:
    return db.session.scalar(select(Commitment).where(Commitment.plan_id == plan.id, Commitment.ref == ref))


def _spending(plan: Plan) -> None:
    for row in _rows("nap2012_spending.csv"):
        c = _commitment(plan, row["ref"])
        services.save_spending(c, SpendingInput(row["fiscal_year"], row["planned"], None, row["funding_source"],
                                                note_fr=row["note_fr"], note_en=row["note_en"]), None)


def _cycle(plan: Plan) -> ReportingCycle:
    cycle = db.session.scalar(select(ReportingCycle).where(ReportingCycle.plan_id == plan.id,
                                                          ReportingCycle.name == CYCLE_NAME))
    if cycle is None:
        today = date.today()
        data = CycleInput(CYCLE_NAME, due_date=today + timedelta(days=10), opens_on=today - timedelta(days=20),
                          lang="en")
        cycle = services.open_cycle(plan, data, None)
        cycle.is_sample = True
    return cycle


def _samples(plans: dict[str, Plan], cycle: ReportingCycle) -> None:
    if db.session.scalar(select(ProgressUpdate.id).where(ProgressUpdate.is_sample.is_(True)).limit(1)):
        return
    secretariat = _actor("PS")
    for row in _rows("sample_updates.csv"):
        c = _commitment(plans[row["plan"]], row["ref"])
        actor = _actor(row["organisation"])
        data = UpdateInput(
            as_of=date.fromisoformat(row["as_of"]), status=row["status"], progress=row["progress"],
            no_change=bool(row["no_change"]), narrative_fr=row["narrative_fr"], narrative_en=row["narrative_en"],
            challenges_fr=row["challenges_fr"], challenges_en=row["challenges_en"],
            cycle_id=cycle.id if row["cycle"] == cycle.name else None)
        upd = services.create_update(c, data, actor)
        upd.is_sample = True
        if row["state"] in ("submitted", "published"):
            services.submit_update(upd, actor)
        if row["state"] == "published":
            services.publish_update(upd, secretariat)


def _indicators(plan: Plan) -> None:
    if db.session.scalar(select(Indicator.id).where(Indicator.plan_id == plan.id).limit(1)):
        return
    objective = db.session.scalar(select(Objective).where(Objective.plan_id == plan.id, Objective.ref == "3.1"))
    ind = services.create_indicator(plan, IndicatorInput(
        name_fr="Représentants de la justice pénale formés", name_en="Criminal justice officials trained",
        level="output", unit_fr="personnes", unit_en="people", baseline="0", target="1500", objective_id=objective.id), None)
    ind2 = services.create_indicator(plan, IndicatorInput(
        name_fr="Ateliers de formation donnés", name_en="Training workshops delivered", level="output",
        unit_fr="ateliers", unit_en="workshops", baseline="0", target="40"), None, commitment=_commitment(plan, "3.11.5"))
    for indicator, points in ((ind, ((date(2013, 3, 31), "420"), (date(2014, 3, 31), "980"))),
                              (ind2, ((date(2013, 3, 31), "12"), (date(2014, 3, 31), "27")))):
        for day, value in points:
            sample = MeasurementInput(day, value, "Donnée fictive (exemple)", lang="fr")
            services.add_measurement(indicator, sample, None)
