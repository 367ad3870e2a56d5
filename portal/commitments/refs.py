"""Resolvers for links from other features: "commitment" and "progress_update"."""
from __future__ import annotations

from ..extensions import db
from ..i18n import _l, localized
from ..links import Ref, register_ref
from ..pickers import register_picker
from .lookup import find_commitments
from .models import Commitment, ProgressUpdate


def _visibility(c: Commitment) -> str:
    """A commitment's own visibility, narrowed by its plan's: a draft plan is the secretariat's alone."""
    return "secretariat" if c.plan is not None and c.plan.status == "draft" else c.visibility


@register_ref("commitment", table="cm_commitments")
def commitment_ref(record_id: int) -> Ref | None:
    c = db.session.get(Commitment, record_id)
    if c is None:
        return None
    title = localized(c, "title")
    return Ref(type="commitment", id=c.id, title=f"{c.ref} {title}", endpoint="commitments.view",
               url_args={"commitment_id": c.id}, visibility=_visibility(c),
               owner_org_ids=c.owner_organisation_ids, type_label=str(_l("Commitment")))


@register_ref("progress_update", table="cm_progress_updates")
def progress_update_ref(record_id: int) -> Ref | None:
    upd = db.session.get(ProgressUpdate, record_id)
    if upd is None:
        return None
    c = upd.commitment
    # Until published, only the owners (and the secretariat, which sees every level) may see it.
    visibility = _visibility(c) if upd.state == "published" else "secretariat"
    return Ref(type="progress_update", id=upd.id, title=f"{c.ref} — {upd.as_of.isoformat()}",
               endpoint="commitments.update_view", url_args={"update_id": upd.id}, visibility=visibility,
               owner_org_ids=c.owner_organisation_ids, type_label=str(_l("Progress report")))


@register_ref("plan", table="cm_plans")
def plan_ref(record_id: int) -> Ref | None:
    from .models import Plan

    plan = db.session.get(Plan, record_id)
    if plan is None:
        return None
    # A draft plan is the secretariat's (access.may_see_plan): only "plan.manage" holders see it.
    return Ref(type="plan", id=plan.id, title=localized(plan, "title"), endpoint="commitments.plan",
               url_args={"code": plan.code}, visibility="secretariat" if plan.status == "draft" else "public",
               type_label=str(_l("Action plan")))


@register_ref("reporting_cycle", table="cm_reporting_cycles")
def reporting_cycle_ref(record_id: int) -> Ref | None:
    from ..i18n import written_in
    from .models import ReportingCycle

    cy = db.session.get(ReportingCycle, record_id)
    if cy is None:
        return None
    # Reporting is the departments' and the secretariat's business; the plan page lists open cycles.
    return Ref(type="reporting_cycle", id=cy.id, title=written_in(cy.name, cy.name_lang),
               endpoint="commitments.plan", url_args={"code": cy.plan.code},
               visibility="secretariat" if cy.plan.status == "draft" else "internal",
               type_label=str(_l("Reporting cycle")))


register_picker("commitment", "commitments.lookup")(find_commitments)
