"""Verbs on plans and commitments. Services populate, flush, audit and queue mail; they never commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from .. import audit
from ..auth.models import JURISDICTIONS, Organisation
from ..extensions import db
from ..i18n import _
from .models import (DEFAULT_STATUSES, Commitment, CommitmentEvent, CommitmentJurisdiction, CommitmentPartner,
                     Objective, Pillar, Plan, PlanStatus)
from .models.commitment import PARTNER_ROLES
from .rules import RuleError, check_dates, check_progress, parse_date, parse_due

SEARCH_FIELDS = {"partners", "jurisdictions", "visibility", "lead", "title_fr", "title_en", "pillar"}
FIELDS = ("ref", "title_fr", "title_en", "description_fr", "description_en", "lead_organisation_id",
          "pillar_id", "objective_id", "parent_id", "start_date", "due_kind", "due_date", "due_fiscal_year",
          "status", "progress", "visibility", "weight")


@dataclass
class CommitmentInput:
    """What a form or an import row says about a commitment, before the rules are checked."""
    ref: str
    title_fr: str = ""
    title_en: str = ""
    description_fr: str = ""
    description_en: str = ""
    lead: str = ""                                  # organisation short name
    partners: list[tuple[str, str]] = field(default_factory=list)  # (short name, role)
    pillar_key: str = ""
    objective_ref: str = ""
    parent_ref: str = ""
    start: str = ""
    due: str = ""
    status: str = ""
    progress: str = ""
    visibility: str = "public"
    jurisdictions: list[str] = field(default_factory=list)
    weight: int = 1


def create_plan(code: str, title_fr: str, title_en: str, *, period_start: date | None = None,
                period_end: date | None = None, pillars: list[tuple[str, str, str]] = (),
                statuses=DEFAULT_STATUSES, description_fr: str = "", description_en: str = "",
                actor: Any = None) -> Plan:
    plan = Plan(code=code, title_fr=title_fr, title_en=title_en, period_start=period_start, period_end=period_end,
                description_fr=description_fr, description_en=description_en)
    for pos, (key, en, fr, progress, closed) in enumerate(statuses):
        plan.statuses.append(PlanStatus(key=key, label_en=en, label_fr=fr, default_progress=progress,
                                        is_closed=closed, position=pos))
    for pos, (key, fr, en) in enumerate(pillars):
        plan.pillars.append(Pillar(key=key, title_fr=fr, title_en=en, position=pos))
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.created", plan, actor=actor, summary=code)
    return plan


def add_objective(plan: Plan, ref: str, pillar_key: str, title_fr: str, title_en: str, actor: Any = None) -> Objective:
    pillar = next((p for p in plan.pillars if p.key == pillar_key), None)
    obj = db.session.scalar(select(Objective).where(Objective.plan_id == plan.id, Objective.ref == ref))
    if obj is None:
        obj = Objective(plan=plan, ref=ref)
        db.session.add(obj)
    obj.pillar, obj.title_fr, obj.title_en = pillar, title_fr, title_en
    db.session.flush()
    audit.record("objective.saved", obj, actor=actor, summary=f"{plan.code} {ref}")
    return obj


def sort_key(ref: str) -> str:
    """'1.11.2' -> '0001.0011.0002' so refs sort naturally in SQL."""
    parts = []
    for part in ref.replace("-", ".").split("."):
        parts.append(part.zfill(4) if part.isdigit() else part.lower()[:8])
    return ".".join(parts)[:200]


def _org_lookup() -> dict[str, Organisation]:
    return {o.short_name.lower(): o for o in db.session.scalars(select(Organisation))}


def resolve(plan: Plan, data: CommitmentInput, *, existing: Commitment | None = None,
            orgs: dict[str, Organisation] | None = None, parents: dict[str, Commitment | str] | None = None
            ) -> dict[str, Any]:
    """Check every rule; return the column values, or raise RuleError with every problem found.

    `parents` maps refs to commitments (or to refs still to be created by the same import)."""
    orgs = orgs if orgs is not None else _org_lookup()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    ref = (data.ref or "").strip()
    if not ref:
        errors["ref"] = _("A reference is required (for example 1.11).")
    values["ref"] = ref
    values["title_fr"], values["title_en"] = data.title_fr.strip(), data.title_en.strip()
    if not values["title_fr"] and not values["title_en"]:
        errors["title_fr"] = _("A title is required, in French or in English.")
    values["description_fr"], values["description_en"] = data.description_fr.strip(), data.description_en.strip()
    lead = orgs.get((data.lead or "").strip().lower())
    if not (data.lead or "").strip():
        errors["lead"] = _("A lead organisation is required.")
    elif lead is None:
        errors["lead"] = _("Unknown organisation “%(name)s”.", name=data.lead.strip())
    values["lead_organisation_id"] = lead.id if lead else None
    partners = []
    for short, role in data.partners:
        org = orgs.get(short.strip().lower())
        if org is None:
            errors["partners"] = _("Unknown organisation “%(name)s”.", name=short.strip())
            continue
        if role not in PARTNER_ROLES:
            errors["partners"] = _("Unknown partner role “%(role)s”.", role=role)
            continue
        if lead is not None and org.id == lead.id:
            continue
        partners.append((org.id, role))
    values["partners"] = partners
    pillar = next((p for p in plan.pillars if p.key == data.pillar_key.strip()), None) if data.pillar_key else None
    if data.pillar_key and pillar is None:
        errors["pillar"] = _("Unknown pillar “%(key)s” for this plan.", key=data.pillar_key)
    values["pillar_id"] = pillar.id if pillar else None
    objective = None
    if data.objective_ref.strip():
        objective = db.session.scalar(select(Objective).where(Objective.plan_id == plan.id,
                                                              Objective.ref == data.objective_ref.strip()))
        if objective is None:
            errors["objective_ref"] = _("Unknown objective “%(ref)s” for this plan.", ref=data.objective_ref)
    values["objective_id"] = objective.id if objective else None
    if objective is not None and pillar is None:
        values["pillar_id"] = objective.pillar_id
    values["parent"] = None
    if data.parent_ref.strip():
        pref = data.parent_ref.strip()
        parent = (parents or {}).get(pref)
        if parent is None:
            parent = db.session.scalar(select(Commitment).where(Commitment.plan_id == plan.id, Commitment.ref == pref))
        if parent is None:
            errors["parent_ref"] = _("Unknown parent commitment “%(ref)s”.", ref=pref)
        elif pref == ref:
            errors["parent_ref"] = _("A commitment cannot be its own parent.")
        elif existing is not None and isinstance(parent, Commitment) and \
                (parent.id == existing.id or existing in parent.ancestors()):
            errors["parent_ref"] = _("A commitment cannot be placed under one of its own sub-items.")
        values["parent"] = parent
    start = None
    if data.start.strip():
        try:
            start = parse_date(data.start)
        except ValueError as exc:
            errors["start"] = str(exc)
    values["start_date"] = start
    try:
        values["due_kind"], values["due_date"], values["due_fiscal_year"] = parse_due(data.due)
    except ValueError as exc:
        errors["due"] = str(exc)
        values["due_kind"] = values["due_date"] = values["due_fiscal_year"] = None
    if "start" not in errors and "due" not in errors:
        try:
            check_dates(start, values["due_date"])
        except ValueError as exc:
            errors["due"] = str(exc)
    statuses = plan.status_by_key()
    status_key = (data.status or "").strip() or "not_started"
    if status_key not in statuses:
        errors["status"] = _("Unknown status “%(status)s”; this plan uses: %(keys)s.", status=status_key,
                             keys=", ".join(statuses))
    values["status"] = status_key
    if str(data.progress).strip() == "":
        values["progress"] = statuses[status_key].default_progress if status_key in statuses else 0
    else:
        try:
            values["progress"] = check_progress(data.progress)
        except ValueError as exc:
            errors["progress"] = str(exc)
    if data.visibility not in ("public", "internal"):
        errors["visibility"] = _("Choose public or internal.")
    values["visibility"] = data.visibility
    bad = [j for j in data.jurisdictions if j not in JURISDICTIONS]
    if bad:
        errors["jurisdictions"] = _("Unknown province or territory: %(codes)s.", codes=", ".join(bad))
    values["jurisdictions"] = sorted(set(data.jurisdictions) - set(bad))
    values["weight"] = max(1, int(data.weight or 1))
    if "ref" not in errors and existing is None and db.session.scalar(
            select(Commitment.id).where(Commitment.plan_id == plan.id, Commitment.ref == ref)):
        errors["ref"] = _("Reference %(ref)s is already used in this plan.", ref=ref)
    if existing is not None and ref != existing.ref and db.session.scalar(
            select(Commitment.id).where(Commitment.plan_id == plan.id, Commitment.ref == ref)):
        errors["ref"] = _("Reference %(ref)s is already used in this plan.", ref=ref)
    if errors:
        raise RuleError(errors)
    return values


def _snapshot(c: Commitment) -> dict[str, Any]:
    """Readable values (short names and refs, not ids), as the public history shows them."""
    snap = {f: getattr(c, f) for f in FIELDS if not f.endswith("_id")}
    lead = db.session.get(Organisation, c.lead_organisation_id) if c.lead_organisation_id else None
    snap["lead"] = lead.short_name if lead else None
    pillar = db.session.get(Pillar, c.pillar_id) if c.pillar_id else None
    snap["pillar"] = pillar.key if pillar else None
    objective = db.session.get(Objective, c.objective_id) if c.objective_id else None
    snap["objective"] = objective.ref if objective else None
    snap["parent"] = c.parent.ref if c.parent is not None else None
    names = {p.organisation_id: db.session.get(Organisation, p.organisation_id) for p in c.partners}
    snap["partners"] = "; ".join(sorted(f"{names[p.organisation_id].short_name}:{p.role}" for p in c.partners))
    snap["jurisdictions"] = ", ".join(c.jurisdictions)
    return snap


def _apply(c: Commitment, values: dict[str, Any]) -> None:
    for f in ("ref", "title_fr", "title_en", "description_fr", "description_en", "lead_organisation_id",
              "pillar_id", "objective_id", "start_date", "due_kind", "due_date", "due_fiscal_year", "status",
              "progress", "visibility", "weight"):
        if f == "progress" and c.id is not None and c.children:
            continue  # a parent's progress is the roll-up of its children, whatever a form or file says
        setattr(c, f, values[f])
    c.parent = values["parent"] if isinstance(values.get("parent"), Commitment) else None
    c.sort_key = sort_key(c.ref)
    wanted = dict(values["partners"])
    for p in list(c.partners):
        if p.organisation_id not in wanted:
            c.partners.remove(p)
        else:
            p.role = wanted.pop(p.organisation_id)
    for org_id, role in wanted.items():
        c.partners.append(CommitmentPartner(organisation_id=org_id, role=role))
    codes = set(values["jurisdictions"])
    for row in list(c.jurisdiction_rows):
        if row.code not in codes:
            c.jurisdiction_rows.remove(row)
        codes.discard(row.code)
    for code in sorted(codes):
        c.jurisdiction_rows.append(CommitmentJurisdiction(code=code))


def _changes(before: dict, after: dict) -> dict[str, list]:
    return {k: [audit._plain(before.get(k)), audit._plain(v)] for k, v in after.items() if before.get(k) != v}


def record_event(c: Commitment, kind: str, actor: Any, changes: dict | None = None, *, public: bool = True,
                 update_id: int | None = None) -> CommitmentEvent:
    authed = actor is not None and getattr(actor, "is_authenticated", False)
    ev = CommitmentEvent(commitment_id=c.id, kind=kind, changes=changes or None,
                         organisation_id=getattr(actor, "organisation_id", None) if authed else None,
                         user_id=getattr(actor, "id", None) if authed else None, public=public, update_id=update_id)
    db.session.add(ev)
    return ev


def create_commitment(plan: Plan, data: CommitmentInput, actor: Any = None, *, kind: str = "created",
                      values: dict | None = None) -> Commitment:
    values = values or resolve(plan, data)
    c = Commitment(plan_id=plan.id, plan=plan)
    db.session.add(c)
    _apply(c, values)
    db.session.flush()
    after = _snapshot(c)
    record_event(c, kind, actor, {k: [None, audit._plain(v)] for k, v in after.items() if v not in (None, "", [])})
    audit.record(f"commitment.{kind}", c, actor=actor, summary=f"{plan.code} {c.ref}")
    rollup(c)
    return c


def update_commitment(c: Commitment, data: CommitmentInput, actor: Any = None, *, kind: str = "updated",
                      values: dict | None = None) -> dict[str, list]:
    values = values or resolve(c.plan, data, existing=c)
    before = _snapshot(c)
    old_parent = c.parent
    _apply(c, values)
    db.session.flush()
    changes = _changes(before, _snapshot(c))
    if changes.keys() & SEARCH_FIELDS:
        _reindex(c, updates_too=True)
    if changes:
        record_event(c, kind, actor, changes, public=c.visibility == "public")
        audit.record(f"commitment.{kind}", c, actor=actor, changes=changes, summary=f"{c.plan.code} {c.ref}")
        rollup(c)
        if old_parent is not None and old_parent is not c.parent:
            rollup_from(old_parent)
    return changes


def _reindex(c: Commitment, updates_too: bool) -> None:
    """Search documents that depend on what changed: a partner-only change does not touch the commitment's
    row, and its progress reports carry its visibility, owners, title and jurisdictions."""
    from ..search.outbox import enqueue
    from .models import ProgressUpdate

    enqueue("commitment", c.id)
    if updates_too:
        for upd_id in db.session.scalars(select(ProgressUpdate.id).where(ProgressUpdate.commitment_id == c.id)):
            enqueue("progress_update", upd_id)


def rollup_from(node: Commitment | None) -> None:
    """Recompute progress of `node` and its ancestors from their children, weighted; cancelled ones are left out."""
    while node is not None:
        children = [ch for ch in node.children if ch.status != "cancelled"]
        if children:
            total = sum(ch.weight or 1 for ch in children)
            node.progress = round(sum((ch.progress or 0) * (ch.weight or 1) for ch in children) / total)
        node = node.parent


def rollup(c: Commitment) -> None:
    if c.children:
        rollup_from(c)
    else:
        rollup_from(c.parent)


def set_status_progress(c: Commitment, status: str, progress: int, actor: Any, *, update_id: int | None = None) -> dict:
    before = {"status": c.status, "progress": c.progress}
    c.status = status
    if not c.children:  # a parent's progress is the roll-up of its children
        c.progress = progress
    changes = _changes(before, {"status": c.status, "progress": c.progress})
    record_event(c, "update_published", actor, changes, public=True, update_id=update_id)
    if changes:
        audit.record("commitment.progress", c, actor=actor, changes=changes, summary=f"{c.plan.code} {c.ref}")
    rollup_from(c.parent)
    return changes


def input_from_commitment(c: Commitment) -> CommitmentInput:
    from ..auth.models import Organisation as Org

    partner_rows = [(db.session.get(Org, p.organisation_id).short_name, p.role) for p in c.partners]
    return CommitmentInput(
        ref=c.ref, title_fr=c.title_fr, title_en=c.title_en, description_fr=c.description_fr,
        description_en=c.description_en, lead=c.lead_organisation.short_name if c.lead_organisation else "",
        partners=partner_rows, pillar_key=c.pillar.key if c.pillar else "",
        objective_ref=c.objective.ref if c.objective else "", parent_ref=c.parent.ref if c.parent else "",
        start=c.start_date.isoformat() if c.start_date else "", due=c.due_value, status=c.status,
        progress=str(c.progress), visibility=c.visibility, jurisdictions=c.jurisdictions, weight=c.weight)
