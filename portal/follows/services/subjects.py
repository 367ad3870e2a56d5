"""What a record touches: the follow keys that reach it and the records that bound who may hear of it.

Read from the features' models (never written): a commitment reaches its plan, its lead and co-lead
organisations and the provinces it names; a roundtable its consultation and province; a directory record its
province and owner organisation."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...extensions import db


@dataclass
class Subject:
    object_type: str
    object_id: int
    keys: set[str] = field(default_factory=set)
    guards: list[list] = field(default_factory=list)


def _commitment(cid: int) -> Subject | None:
    from ...commitments.models import Commitment

    c = db.session.get(Commitment, cid)
    if c is None:
        return None
    keys = {f"commitment:{c.id}", f"plan:{c.plan_id}", f"organisation:{c.lead_organisation_id}"}
    keys.update(f"organisation:{p.organisation_id}" for p in c.partners)
    keys.update(f"province:{code}" for code in c.jurisdictions)
    return Subject("commitment", c.id, keys, [["commitment", c.id], ["plan", c.plan_id]])


def _plan(pid: int) -> Subject | None:
    return Subject("plan", pid, {f"plan:{pid}"}, [["plan", pid]])


def _cycle(cycle_id: int) -> Subject | None:
    from ...commitments.models import ReportingCycle

    cy = db.session.get(ReportingCycle, cycle_id)
    if cy is None:
        return None
    return Subject("reporting_cycle", cy.id, {f"plan:{cy.plan_id}"}, [["reporting_cycle", cy.id], ["plan", cy.plan_id]])


def _consultation(cid: int) -> Subject | None:
    return Subject("consultation", cid, {f"consultation:{cid}", "consultation:all"}, [["consultation", cid]])


def _roundtable(rid: int) -> Subject | None:
    from ...consultations.models import Roundtable

    r = db.session.get(Roundtable, rid)
    if r is None:
        return None
    keys = {"consultation:all"}
    if r.consultation_id:
        keys.add(f"consultation:{r.consultation_id}")
    if r.jurisdiction_code:
        keys.add(f"province:{r.jurisdiction_code}")
    return Subject("roundtable", r.id, keys, [["roundtable", r.id]])


def _directory(record_type: str):
    def subject(rid: int) -> Subject | None:
        from ...coalitions.models import MODELS

        record = db.session.get(MODELS[record_type], rid)
        if record is None:
            return None
        keys = {f"province:{record.jurisdiction_code}" if record.jurisdiction_code else "province:national"}
        if record.owner_organisation_id:
            keys.add(f"organisation:{record.owner_organisation_id}")
        return Subject(record_type, record.id, keys, [[record_type, record.id]])

    return subject


SUBJECTS = {"commitment": _commitment, "plan": _plan, "reporting_cycle": _cycle, "consultation": _consultation,
            "roundtable": _roundtable, **{t: _directory(t) for t in ("coalition", "strategy", "protocol", "service")}}


def subject_of(object_type: str, object_id: int) -> Subject | None:
    func = SUBJECTS.get(object_type)
    return func(object_id) if func else None
