"""Role x route rules of the commitments feature (see tests/access.py)."""
from __future__ import annotations

from datetime import date

from portal.commitments import services
from portal.extensions import db

from ..access import EVERYONE, Rule

ALL_ROLES = EVERYONE
STAFF = {"secretariat"}
SUBMITTERS = {"secretariat", "department_lead"}


def rules(ctx):
    make = ctx.make
    plan = make.plan("ACCESS-PLAN")
    dept = ctx.orgs["department_lead"]
    other = make.org("OTHERDEPT")
    mine = make.commitment(plan, "1.1", dept)                       # the department lead's own, public
    theirs = make.commitment(plan, "1.2", other)                    # someone else's, public
    hidden = make.commitment(plan, "1.3", other, visibility="internal")
    published = make.progress_update(mine, ctx.users["department_lead"], "published",
                                     secretariat=ctx.users["secretariat"])
    draft = make.progress_update(mine, ctx.users["department_lead"], "draft")
    submitted = make.progress_update(mine, ctx.users["department_lead"], "submitted")
    services.add_evidence(published, services.EvidenceInput(url="https://example.org/report", label="Report"), None)
    [ev] = services.add_evidence(draft, services.EvidenceInput("note.txt", b"evidence", label="Note"), None)
    ind = services.create_indicator(plan, services.IndicatorInput(name_en="Trained officers", unit_en="people",
                                                                  baseline="0", target="100"), None, commitment=mine)
    objective = services.add_objective(plan, services.ObjectiveInput("1.1", "prevention", "Objectif", "Objective"))
    obj_ind = services.create_indicator(plan, services.IndicatorInput(name_en="Reach", level="ultimate",
                                                                      objective_id=objective.id), None)
    cycle = services.open_cycle(plan, services.CycleInput("2025-2026 Q3", date(2099, 1, 1)), None)
    db.session.commit()
    internal_readers = {"secretariat", "department_lead", "jurisdiction_editor", "committee_member"}
    code = plan.code
    return [
        Rule("commitments.index", ALL_ROLES),
        Rule("commitments.plan", ALL_ROLES, args={"code": code}),
        Rule("commitments.plan", set(), args={"code": "NO-SUCH-PLAN"}, note="404 for everyone"),
        Rule("commitments.list", ALL_ROLES, args={"code": code}),
        Rule("commitments.export_csv", ALL_ROLES, args={"code": code}),
        Rule("commitments.export_xlsx", ALL_ROLES, args={"code": code}),
        Rule("commitments.export_table", ALL_ROLES, args={"code": code, "table": "spending", "fmt": "csv"}),
        Rule("commitments.export_table", ALL_ROLES, args={"code": code, "table": "indicators", "fmt": "xlsx"}),
        Rule("commitments.timeline", ALL_ROLES, args={"code": code}),
        Rule("commitments.report", ALL_ROLES, args={"code": code, "fy": "2012-2013"}),
        Rule("commitments.mine", SUBMITTERS),
        Rule("commitments.view", ALL_ROLES, args={"commitment_id": theirs.id}),
        Rule("commitments.lookup", ALL_ROLES, query="q=1.", note="the picker's matches: only what each may see"),
        Rule("commitments.view", internal_readers, args={"commitment_id": hidden.id},
             note="internal: members with internal.read; visitors and NGO get 404"),
        Rule("commitments.new", SUBMITTERS),
        Rule("commitments.new", SUBMITTERS, method="POST"),
        Rule("commitments.edit", SUBMITTERS, args={"commitment_id": mine.id}),
        Rule("commitments.edit", STAFF, args={"commitment_id": theirs.id}, note="not the lead's organisation"),
        Rule("commitments.edit", SUBMITTERS, method="POST", args={"commitment_id": mine.id}),
        Rule("commitments.import_csv", STAFF, args={"code": code}),
        Rule("commitments.import_csv", STAFF, method="POST", args={"code": code}),
        Rule("commitments.update_new", SUBMITTERS, args={"commitment_id": mine.id}),
        Rule("commitments.update_new", STAFF, args={"commitment_id": theirs.id}),
        Rule("commitments.update_new", SUBMITTERS, method="POST", args={"commitment_id": mine.id}),
        Rule("commitments.update_view", ALL_ROLES, args={"update_id": published.id}),
        Rule("commitments.update_view", SUBMITTERS, args={"update_id": draft.id}),
        Rule("commitments.update_edit", SUBMITTERS, args={"update_id": draft.id}),
        Rule("commitments.update_edit", SUBMITTERS, method="POST", args={"update_id": draft.id}),
        Rule("commitments.update_submit", SUBMITTERS, method="POST", args={"update_id": draft.id}),
        Rule("commitments.update_publish", STAFF, method="POST", args={"update_id": submitted.id}),
        Rule("commitments.update_return", STAFF, method="POST", args={"update_id": submitted.id}),
        Rule("commitments.evidence", SUBMITTERS, args={"evidence_id": ev.id}),
        Rule("commitments.review", STAFF),
        Rule("commitments.spending", SUBMITTERS, args={"commitment_id": mine.id}),
        Rule("commitments.spending", SUBMITTERS, method="POST", args={"commitment_id": mine.id}),
        Rule("commitments.indicators", SUBMITTERS, args={"commitment_id": mine.id}),
        Rule("commitments.indicators", SUBMITTERS, method="POST", args={"commitment_id": mine.id}),
        Rule("commitments.measurement_add", SUBMITTERS, method="POST", args={"indicator_id": ind.id}),
        Rule("commitments.measurement_add", STAFF, method="POST", args={"indicator_id": obj_ind.id},
             note="an objective's indicator: the secretariat's"),
        Rule("commitments.plan_indicators", STAFF, args={"code": code}),
        Rule("commitments.plan_indicators", STAFF, method="POST", args={"code": code}),
        Rule("commitments.cycles", STAFF, args={"code": code}),
        Rule("commitments.cycles", STAFF, method="POST", args={"code": code}),
        Rule("commitments.cycle", STAFF, args={"cycle_id": cycle.id}),
        Rule("commitments.cycle_close", STAFF, method="POST", args={"cycle_id": cycle.id}),
        Rule("commitments.plan_new", STAFF),
        Rule("commitments.plan_new", STAFF, method="POST"),
        Rule("commitments.plan_settings", STAFF, args={"code": code}),
        Rule("commitments.plan_settings", STAFF, method="POST", args={"code": code}),
        Rule("commitments_api.api_plans", ALL_ROLES),
        Rule("commitments_api.api_commitments", ALL_ROLES, args={"code": code}),
        Rule("commitments_api.api_spending", ALL_ROLES, args={"code": code}),
        Rule("commitments_api.api_indicators", ALL_ROLES, args={"code": code}),
        Rule("commitments_api.api_deletions", ALL_ROLES, args={"code": code}, query="updated_since=2025-01-01"),
    ]
