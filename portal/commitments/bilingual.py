"""Which public records of this feature are bilingual, for the secretariat's "Translation needed" list
(portal/parity.py collects every feature's `parity_kinds()`)."""
from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import select

from ..i18n import _l, localized
from ..parity import ParityKind
from .models import Commitment, Objective, Plan
from .services.commitments import TEXTS


def _ref_and_title(c: Commitment):
    return Markup("{} {}").format(c.ref, localized(c, "title"))


def _objective(o: Objective):
    return Markup("{} {} {}").format(o.plan.code, o.ref, localized(o, "title"))


def parity_kinds() -> list[ParityKind]:
    return [
        ParityKind("plan", _l("Plans"), Plan, TEXTS, lambda: select(Plan).where(Plan.status != "draft"),
                   "commitments.plan_settings", lambda p: {"code": p.code}, order_by=lambda: [Plan.code]),
        ParityKind("objective", _l("Objectives"), Objective, {"title": _l("Title")},
                   lambda: select(Objective).join(Plan, Plan.id == Objective.plan_id).where(Plan.status != "draft"),
                   "commitments.plan_settings", lambda o: {"code": o.plan.code}, title=_objective,
                   order_by=lambda: [Objective.plan_id, Objective.ref]),
        ParityKind("commitment", _l("Commitments"), Commitment, TEXTS,
                   lambda: select(Commitment).join(Plan, Plan.id == Commitment.plan_id)
                   .where(Commitment.visibility == "public", Plan.status != "draft"),
                   "commitments.edit", lambda c: {"commitment_id": c.id}, title=_ref_and_title,
                   order_by=lambda: [Commitment.plan_id, Commitment.sort_key]),
    ]
