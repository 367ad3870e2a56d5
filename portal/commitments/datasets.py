"""The commitments feature's open datasets (portal/datasets.py): for each published plan, its commitments,
its spending by fiscal year and its indicators with measurements, as a visitor sees them."""
from __future__ import annotations

from flask import url_for
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from ..datasets import Dataset, Distribution
from ..extensions import db
from . import queries
from .models import Commitment, CommitmentEvent


def _modified(plan):
    visible = select(Commitment.id).where(Commitment.plan_id == plan.id, Commitment.visibility == "public")
    changed = db.session.scalar(select(func.max(Commitment.updated_at)).where(Commitment.id.in_(visible)))
    event = db.session.scalar(select(func.max(CommitmentEvent.at)).where(CommitmentEvent.commitment_id.in_(visible),
                                                                         CommitmentEvent.public.is_(True)))
    return max((d for d in (changed, event) if d is not None), default=None)


def _plan_datasets(plan) -> list[Dataset]:
    code, page = plan.code, url_for("commitments.plan", code=plan.code, _external=True)
    modified = _modified(plan)

    def files(table: str, api: str) -> list[Distribution]:
        return [Distribution("csv", url_for("commitments.export_table", code=code, table=table, fmt="csv",
                                            _external=True)),
                Distribution("xlsx", url_for("commitments.export_table", code=code, table=table, fmt="xlsx",
                                             _external=True)),
                Distribution("json", url_for(api, code=code, _external=True))]

    return [
        Dataset(f"commitments-{code}", f"Engagements\u00a0: {plan.title_fr or code}", f"Commitments: {plan.title_en or code}",
                "Chaque engagement du plan : responsable, partenaires, échéance, état, avancement, pondération.",
                "Every commitment of the plan: lead, partners, due date, status, progress, weight.",
                page, modified, ["traite de personnes", "human trafficking", "plan d'action", "action plan"], [
                    Distribution("csv", url_for("commitments.export_csv", code=code, _external=True)),
                    Distribution("xlsx", url_for("commitments.export_xlsx", code=code, _external=True)),
                    Distribution("json", url_for("commitments_api.api_commitments", code=code, _external=True)),
                    Distribution("atom", url_for("follows.plan_feed", code=code, _external=True))]),
        Dataset(f"spending-{code}", f"Dépenses par exercice\u00a0: {plan.title_fr or code}",
                f"Spending by fiscal year: {plan.title_en or code}",
                "Dépenses prévues et réelles par engagement, exercice et source de financement, avec la raison des écarts.",
                "Planned and actual spending by commitment, fiscal year and funding source, with variance reasons.",
                page, modified, ["dépenses", "spending"], files("spending", "commitments_api.api_spending")),
        Dataset(f"indicators-{code}", f"Indicateurs\u00a0: {plan.title_fr or code}", f"Indicators: {plan.title_en or code}",
                "Indicateurs des objectifs et des engagements, avec leurs valeurs de référence, cibles et mesures.",
                "Indicators of the objectives and commitments, with baselines, targets and measurements.",
                page, modified, ["indicateurs", "indicators"],
                files("indicators", "commitments_api.api_indicators")),
    ]


def datasets() -> list[Dataset]:
    out = []
    for plan in queries.visible_plans(AnonymousUserMixin()):
        out += _plan_datasets(plan)
    return out
