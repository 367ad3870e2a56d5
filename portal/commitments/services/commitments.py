"""Commitments: create and change them (checked against the plan, with history, audit and roll-up)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from ... import audit, links, parity
from ...auth.models import JURISDICTIONS, Organisation
from ...extensions import db
from ...i18n import _, _l
from ...permissions import can
from ...rules import RuleError
from ...search.outbox import enqueue
from ..models import Commitment, CommitmentJurisdiction, CommitmentPartner, Objective, Pillar, Plan, ProgressUpdate
from ..models.commitment import PARTNER_ROLES
from ..rules import check_dates, check_progress, parse_date, parse_due
from .history import changes_between, record_event, rollup, rollup_from

SEARCH_FIELDS = {"partners", "jurisdictions", "visibility", "lead", "title_fr", "title_en", "pillar"}
COLUMNS = ("ref", "title_fr", "title_en", "description_fr", "description_en", "lead_organisation_id",
           "pillar_id", "objective_id", "start_date", "due_kind", "due_date", "due_fiscal_year", "status",
           "progress", "visibility", "weight")


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
    one_language: bool | None = None                # "publish in one language for now" (None: not asked)


TEXTS = {"title": _l("Title"), "description": _l("Description")}


@dataclass
class Resolved:
    """A CommitmentInput checked against its plan: column values, partners by id, the parent (a commitment,
    or the ref of one the same import creates)."""
    ref: str = ""
    title_fr: str = ""
    title_en: str = ""
    description_fr: str = ""
    description_en: str = ""
    lead_organisation_id: int | None = None
    pillar_id: int | None = None
    objective_id: int | None = None
    start_date: date | None = None
    due_kind: str | None = None
    due_date: date | None = None
    due_fiscal_year: str | None = None
    status: str = ""
    progress: int = 0
    visibility: str = "public"
    weight: int = 1
    partners: list[tuple[int, str]] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    parent: Commitment | str | None = None


def sort_key(ref: str) -> str:
    """'1.11.2' -> '0001.0011.0002' so refs sort naturally in SQL."""
    parts = []
    for part in ref.replace("-", ".").split("."):
        parts.append(part.zfill(4) if part.isdigit() else part.lower()[:8])
    return ".".join(parts)[:200]


def org_lookup() -> dict[str, Organisation]:
    """Either language's short name (RCMP or GRC) finds the organisation."""
    orgs = list(db.session.scalars(select(Organisation)))
    return {**{o.short_name_fr.lower(): o for o in orgs if o.short_name_fr}, **{o.short_name.lower(): o for o in orgs}}


def resolve(plan: Plan, data: CommitmentInput, *, existing: Commitment | None = None,
            orgs: dict[str, Organisation] | None = None, parents: dict[str, Commitment | str] | None = None
            ) -> Resolved:
    """Check every rule; return the values, or raise RuleError with every problem found.

    `parents` maps refs to commitments (or to refs still to be created by the same import)."""
    errors: dict[str, str] = {}
    out = Resolved(ref=(data.ref or "").strip())
    if not out.ref:
        errors["ref"] = _("A reference is required (for example 1.11).")
    _check_text(data, out, errors)
    _check_organisations(data, out, errors, orgs if orgs is not None else org_lookup())
    _check_place(plan, data, out, errors)
    _check_parent(plan, data, out, errors, existing, parents)
    _check_schedule(plan, data, out, errors)
    _check_audience(data, out, errors)
    errors.update(parity.problems(data, TEXTS, public=out.visibility == "public" and plan.status != "draft",
                                  one_language=data.one_language))
    if "ref" not in errors and (existing is None or out.ref != existing.ref) and db.session.scalar(
            select(Commitment.id).where(Commitment.plan_id == plan.id, Commitment.ref == out.ref)):
        errors["ref"] = _("Reference %(ref)s is already used in this plan.", ref=out.ref)
    if errors:
        raise RuleError(errors)
    return out


def _check_text(data: CommitmentInput, out: Resolved, errors: dict) -> None:
    out.title_fr, out.title_en = data.title_fr.strip(), data.title_en.strip()
    if not out.title_fr and not out.title_en:
        errors["title_fr"] = _("A title is required, in French or in English.")
    out.description_fr, out.description_en = data.description_fr.strip(), data.description_en.strip()


def _check_organisations(data: CommitmentInput, out: Resolved, errors: dict, orgs: dict[str, Organisation]) -> None:
    lead = orgs.get((data.lead or "").strip().lower())
    if not (data.lead or "").strip():
        errors["lead"] = _("A lead organisation is required.")
    elif lead is None:
        errors["lead"] = _("Unknown organisation “%(name)s”.", name=data.lead.strip())
    out.lead_organisation_id = lead.id if lead else None
    for short, role in data.partners:
        org = orgs.get(short.strip().lower())
        if org is None:
            errors["partners"] = _("Unknown organisation “%(name)s”.", name=short.strip())
        elif role not in PARTNER_ROLES:
            errors["partners"] = _("Unknown partner role “%(role)s”.", role=role)
        elif lead is None or org.id != lead.id:
            out.partners.append((org.id, role))


def _check_place(plan: Plan, data: CommitmentInput, out: Resolved, errors: dict) -> None:
    pillar = next((p for p in plan.pillars if p.key == data.pillar_key.strip()), None) if data.pillar_key else None
    if data.pillar_key and pillar is None:
        errors["pillar"] = _("Unknown pillar “%(key)s” for this plan.", key=data.pillar_key)
    out.pillar_id = pillar.id if pillar else None
    if data.objective_ref.strip():
        objective = db.session.scalar(select(Objective).where(Objective.plan_id == plan.id,
                                                              Objective.ref == data.objective_ref.strip()))
        if objective is None:
            errors["objective_ref"] = _("Unknown objective “%(ref)s” for this plan.", ref=data.objective_ref)
        else:
            out.objective_id = objective.id
            if pillar is None:
                out.pillar_id = objective.pillar_id


def _check_parent(plan: Plan, data: CommitmentInput, out: Resolved, errors: dict, existing: Commitment | None,
                  parents: dict[str, Commitment | str] | None) -> None:
    pref = data.parent_ref.strip()
    if not pref:
        return
    parent = (parents or {}).get(pref)
    if parent is None:
        parent = db.session.scalar(select(Commitment).where(Commitment.plan_id == plan.id, Commitment.ref == pref))
    if parent is None:
        errors["parent_ref"] = _("Unknown parent commitment “%(ref)s”.", ref=pref)
    elif pref == out.ref:
        errors["parent_ref"] = _("A commitment cannot be its own parent.")
    elif existing is not None and isinstance(parent, Commitment) and \
            (parent.id == existing.id or existing in parent.ancestors()):
        errors["parent_ref"] = _("A commitment cannot be placed under one of its own sub-items.")
    out.parent = parent


def _check_schedule(plan: Plan, data: CommitmentInput, out: Resolved, errors: dict) -> None:
    if data.start.strip():
        try:
            out.start_date = parse_date(data.start)
        except ValueError as exc:
            errors["start"] = str(exc)
    try:
        out.due_kind, out.due_date, out.due_fiscal_year = parse_due(data.due)
    except ValueError as exc:
        errors["due"] = str(exc)
    if "start" not in errors and "due" not in errors:
        try:
            check_dates(out.start_date, out.due_date)
        except ValueError as exc:
            errors["due"] = str(exc)
    statuses = plan.status_by_key()
    out.status = (data.status or "").strip() or "not_started"
    if out.status not in statuses:
        errors["status"] = _("Unknown status “%(status)s”; this plan uses: %(keys)s.", status=out.status,
                             keys=", ".join(statuses))
    if str(data.progress).strip() == "":
        out.progress = statuses[out.status].default_progress if out.status in statuses else 0
    else:
        try:
            out.progress = check_progress(data.progress)
        except ValueError as exc:
            errors["progress"] = str(exc)


def _check_audience(data: CommitmentInput, out: Resolved, errors: dict) -> None:
    if data.visibility not in ("public", "internal"):
        errors["visibility"] = _("Choose public or internal.")
    out.visibility = data.visibility
    bad = [j for j in data.jurisdictions if j not in JURISDICTIONS]
    if bad:
        errors["jurisdictions"] = _("Unknown province or territory: %(codes)s.", codes=", ".join(bad))
    out.jurisdictions = sorted(set(data.jurisdictions) - set(bad))
    out.weight = max(1, int(data.weight or 1))


def _check_owner(actor: Any, values: Resolved) -> None:
    """A department lead may only create or move commitments into its own organisation's hands."""
    if actor is None or can(actor, "commitment.edit"):
        return
    owners = {values.lead_organisation_id} | {o for o, r in values.partners if r == "co_lead"}
    if getattr(actor, "organisation_id", None) not in owners:
        raise RuleError(field="lead", message=_("You can only lead or co-lead commitments for your own organisation."))


def _snapshot(c: Commitment) -> dict[str, Any]:
    """Readable values (short names and refs, not ids), as the public history shows them."""
    snap = {f: getattr(c, f) for f in COLUMNS if not f.endswith("_id")}
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


def _apply(c: Commitment, values: Resolved) -> None:
    for f in COLUMNS:
        if f == "progress" and c.id is not None and c.children:
            continue  # a parent's progress is the roll-up of its children, whatever a form or file says
        setattr(c, f, getattr(values, f))
    c.parent = values.parent if isinstance(values.parent, Commitment) else None
    c.sort_key = sort_key(c.ref)
    wanted = dict(values.partners)
    for p in list(c.partners):
        if p.organisation_id not in wanted:
            c.partners.remove(p)
        else:
            p.role = wanted.pop(p.organisation_id)
    for org_id, role in wanted.items():
        c.partners.append(CommitmentPartner(organisation_id=org_id, role=role))
    codes = set(values.jurisdictions)
    for row in list(c.jurisdiction_rows):
        if row.code not in codes:
            c.jurisdiction_rows.remove(row)
        codes.discard(row.code)
    for code in sorted(codes):
        c.jurisdiction_rows.append(CommitmentJurisdiction(code=code))


def create_commitment(plan: Plan, data: CommitmentInput, actor: Any = None, *, kind: str = "created",
                      values: Resolved | None = None, source: links.Ref | None = None) -> Commitment:
    """A new commitment; `source` is the record it was proposed from (linked back)."""
    values = values or resolve(plan, data)
    _check_owner(actor, values)
    c = Commitment(plan_id=plan.id, plan=plan)
    db.session.add(c)
    _apply(c, values)
    db.session.flush()
    after = _snapshot(c)
    record_event(c, kind, actor, {k: [None, audit._plain(v)] for k, v in after.items() if v not in (None, "", [])})
    audit.record(f"commitment.{kind}", c, actor=actor, summary=f"{plan.code} {c.ref}")
    rollup(c)
    if source is not None:
        links.add_link("commitment", c.id, source.type, source.id, "proposed_from", actor=actor)
    return c


def update_commitment(c: Commitment, data: CommitmentInput, actor: Any = None, *, kind: str = "updated",
                      values: Resolved | None = None) -> dict[str, list]:
    values = values or resolve(c.plan, data, existing=c)
    _check_owner(actor, values)
    before = _snapshot(c)
    old_parent = c.parent
    _apply(c, values)
    db.session.flush()
    changes = changes_between(before, _snapshot(c))
    if changes.keys() & SEARCH_FIELDS:
        _reindex(c)
    if changes:
        record_event(c, kind, actor, changes, public=c.visibility == "public")
        audit.record(f"commitment.{kind}", c, actor=actor, changes=changes, summary=f"{c.plan.code} {c.ref}")
        rollup(c)
        if old_parent is not None and old_parent is not c.parent:
            rollup_from(old_parent)
    return changes


def _reindex(c: Commitment) -> None:
    """Search documents that depend on what changed: a partner-only change does not touch the commitment's
    row, and its progress reports carry its visibility, owners, title and jurisdictions."""
    enqueue("commitment", c.id)
    for upd_id in db.session.scalars(select(ProgressUpdate.id).where(ProgressUpdate.commitment_id == c.id)):
        enqueue("progress_update", upd_id)


def input_from_commitment(c: Commitment) -> CommitmentInput:
    partner_rows = [(db.session.get(Organisation, p.organisation_id).short_name, p.role) for p in c.partners]
    return CommitmentInput(
        ref=c.ref, title_fr=c.title_fr, title_en=c.title_en, description_fr=c.description_fr,
        description_en=c.description_en, lead=c.lead_organisation.short_name if c.lead_organisation else "",
        partners=partner_rows, pillar_key=c.pillar.key if c.pillar else "",
        objective_ref=c.objective.ref if c.objective else "", parent_ref=c.parent.ref if c.parent else "",
        start=c.start_date.isoformat() if c.start_date else "", due=c.due_value, status=c.status,
        progress=str(c.progress), visibility=c.visibility, jurisdictions=c.jurisdictions, weight=c.weight)
