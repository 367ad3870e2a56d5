"""Fixtures of the follows tests: a plan with a public and an internal commitment, and two followers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from portal.extensions import db

MONDAY = datetime(2026, 11, 30, 13, 0, tzinfo=timezone.utc)   # 8:00 in Toronto, a Monday


@dataclass
class World:
    plan: object
    public: object
    internal: object
    lead_org: object
    outsider: object   # an NGO member: public material only
    insider: object    # a department lead of the lead organisation
    secretariat: object


@pytest.fixture
def world(app, make) -> World:
    lead_org = make.org("DEPTF", "federal")
    plan = make.plan("FOLLOW-2026", title_en="Follow plan", title_fr="Plan suivi")
    public = make.commitment(plan, "1.1", lead_org, title_en="Shelter beds", title_fr="Lits d'hébergement",
                             jurisdictions=["QC"])
    internal = make.commitment(plan, "1.2", lead_org, title_en="Secret liaison", title_fr="Liaison secrète",
                               visibility="internal", jurisdictions=["QC"])
    outsider = make.user("ngo_member", org=make.org("NGOF", "ngo"), email="outsider@example.test")
    insider = make.user("department_lead", org=lead_org, email="insider@example.test")
    secretariat = make.user("secretariat", org=make.org("SECF", "federal"), email="sec@example.test")
    db.session.commit()
    return World(plan, public, internal, lead_org, outsider, insider, secretariat)


def change_status(c, status: str, actor=None):
    """Change a commitment's status through the commitments service, as its edit form does."""
    from portal.commitments import services

    data = services.CommitmentInput(ref=c.ref, title_fr=c.title_fr, title_en=c.title_en,
                                    lead=c.lead_organisation.short_name, pillar_key="prevention", status=status,
                                    visibility=c.visibility, jurisdictions=c.jurisdictions)
    services.update_commitment(c, data, actor)
    db.session.commit()
