"""A draft plan's commitments are the secretariat's (commitments are otherwise public or internal): the list,
the timeline, a commitment's page, the API and the CSV and XLSX downloads each leave one audit entry."""
from __future__ import annotations

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.extensions import db


def _entries():
    db.session.rollback()
    return [(e.action, e.object_type, e.summary) for e in
            db.session.scalars(select(AuditEntry).where(AuditEntry.action.in_(
                ("plan.commitments_read", "plan.exported", "commitment.viewed", "plan.viewed"))).order_by(AuditEntry.id))]


def test_reading_a_draft_plan_or_confidential_commitments_is_audited(make, client, login_as):
    public_plan = make.plan()
    make.commitment(public_plan, title_en="Open work")
    make.commitment(public_plan, title_en="Internal work", visibility="internal")
    draft = make.plan(status="draft")
    secret = make.commitment(draft, title_en="Not yet announced")
    make.commitment(draft, title_en="Also not yet")
    for url in (f"/en/commitments/plans/{public_plan.code}/commitments", f"/api/v1/plans/{public_plan.code}/commitments"):
        assert client.get(url).status_code == 200
    assert _entries() == []                        # visitors read only public commitments
    login_as(make.user("secretariat"))
    assert "Internal work" in client.get(f"/en/commitments/plans/{public_plan.code}/commitments").get_data(as_text=True)
    assert client.get(f"/en/commitments/{secret.id}").status_code == 200
    for url in (f"/en/commitments/plans/{draft.code}/commitments", f"/en/commitments/plans/{draft.code}/timeline",
                f"/api/v1/plans/{draft.code}/commitments", f"/en/commitments/plans/{draft.code}/commitments.csv",
                f"/en/commitments/plans/{draft.code}/commitments.xlsx", f"/en/commitments/plans/{draft.code}",
                f"/en/commitments/plans/{draft.code}/spending.csv"):
        assert client.get(url).status_code == 200, url
    assert _entries() == [
        ("commitment.viewed", "cm_commitments", "1 confidential of 1 shown"),
        ("plan.commitments_read", "cm_plans", "list page 1: 2 confidential of 2 shown"),
        ("plan.commitments_read", "cm_plans", "timeline: 2 confidential of 2 shown"),
        ("plan.commitments_read", "cm_plans", "API page 1: 2 confidential of 2 shown"),
        ("plan.exported", "cm_plans", "commitments csv: 2 confidential of 2 shown"),
        ("plan.exported", "cm_plans", "commitments xlsx: 2 confidential of 2 shown"),
        ("plan.viewed", "cm_plans", "dashboard: 1 confidential of 1 shown"),
    ]
