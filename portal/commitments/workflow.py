"""Progress updates (draft -> submitted -> published or sent back), evidence files, spending, indicators
and reporting cycles. Like every service: populate, flush, audit, queue mail; never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from contextlib import nullcontext

from flask import current_app, has_request_context
from sqlalchemy import select

from .. import audit, files
from ..auth.models import User, UserRole
from ..db import utcnow
from ..extensions import db
from ..i18n import _
from ..mail import queue_mail
from .models import (Commitment, Evidence, Indicator, Measurement, Plan, ProgressUpdate, ReportingCycle,
                     Spending)
from .models.tracking import FUNDING_SOURCES, INDICATOR_LEVELS
from .rules import RuleError, check_progress, parse_fiscal_year, variance_needs_reason
from .services import record_event, set_status_progress

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass
class UpdateInput:
    as_of: date
    status: str
    progress: str
    no_change: bool = False
    narrative_fr: str = ""
    narrative_en: str = ""
    challenges_fr: str = ""
    challenges_en: str = ""
    cycle_id: int | None = None


def _check_update(commitment: Commitment, data: UpdateInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    statuses = commitment.plan.status_by_key()
    values: dict[str, Any] = {"as_of": data.as_of, "no_change": bool(data.no_change), "cycle_id": data.cycle_id}
    for f in ("narrative_fr", "narrative_en", "challenges_fr", "challenges_en"):
        values[f] = (getattr(data, f) or "").strip()
    if data.no_change:
        values["status"], values["progress"] = commitment.status, commitment.progress
    else:
        if data.status not in statuses:
            errors["status"] = _("Choose a status from the list.")
        values["status"] = data.status
        try:
            values["progress"] = check_progress(data.progress)
        except ValueError as exc:
            errors["progress"] = str(exc)
        if not values["narrative_fr"] and not values["narrative_en"]:
            errors["narrative_fr"] = _("Describe the progress in French or in English, or tick “no change this "
                                       "period”.")
    if data.as_of is None:
        errors["as_of"] = _("Enter the date of this update.")
    if errors:
        raise RuleError(errors)
    return values


def create_update(commitment: Commitment, data: UpdateInput, actor: Any) -> ProgressUpdate:
    values = _check_update(commitment, data)
    upd = ProgressUpdate(commitment=commitment, organisation_id=actor.organisation_id, author_id=actor.id, **values)
    db.session.add(upd)
    db.session.flush()
    audit.record("progress_update.created", upd, actor=actor, summary=commitment.ref)
    return upd


def edit_update(upd: ProgressUpdate, data: UpdateInput, actor: Any) -> dict:
    if not upd.editable:
        raise RuleError({"state": _("Only a draft or an update sent back can be changed.")})
    values = _check_update(upd.commitment, data)
    changes = audit.diff(upd, list(values), values)
    for k, v in values.items():
        setattr(upd, k, v)
    db.session.flush()
    audit.record("progress_update.edited", upd, actor=actor, changes=changes)
    return changes


def _secretariat_users() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == "secretariat",
                                                                      User.active.is_(True))))


def submit_update(upd: ProgressUpdate, actor: Any) -> None:
    if not upd.editable:
        raise RuleError({"state": _("This update has already been submitted.")})
    upd.state, upd.submitted_at, upd.return_comment = "submitted", utcnow(), upd.return_comment
    db.session.flush()
    audit.record("progress_update.submitted", upd, actor=actor, summary=upd.commitment.ref)
    for user in _secretariat_users():
        _mail(user.email, "commitments/update_submitted", user.preferred_lang, update=upd,
                   commitment=upd.commitment, user=user)


def publish_update(upd: ProgressUpdate, actor: Any) -> None:
    if upd.state != "submitted":
        raise RuleError({"state": _("Only a submitted update can be published.")})
    upd.state, upd.published_at, upd.published_by_id = "published", utcnow(), actor.id
    changes = set_status_progress(upd.commitment, upd.status, upd.progress, actor, update_id=upd.id)
    if upd.no_change:
        changes = {}
    db.session.flush()
    audit.record("progress_update.published", upd, actor=actor, changes=changes, summary=upd.commitment.ref)
    if upd.author is not None and upd.author.active:
        _mail(upd.author.email, "commitments/update_published", upd.author.preferred_lang, update=upd,
                   commitment=upd.commitment, user=upd.author)


def return_update(upd: ProgressUpdate, comment: str, actor: Any) -> None:
    if upd.state != "submitted":
        raise RuleError({"comment": _("Only a submitted update can be sent back.")})
    if not (comment or "").strip():
        raise RuleError({"comment": _("Say what needs to change before sending it back.")})
    upd.state, upd.return_comment = "returned", comment.strip()
    db.session.flush()
    audit.record("progress_update.returned", upd, actor=actor, summary=comment.strip()[:200])
    if upd.author is not None and upd.author.active:
        _mail(upd.author.email, "commitments/update_returned", upd.author.preferred_lang, update=upd,
                   commitment=upd.commitment, user=upd.author, comment=comment.strip())


def links_context():
    """Mail carries absolute links; jobs and commands have no request, so give them the public base URL."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"])


def _mail(to: str, template: str, lang: str, **ctx) -> None:
    with links_context():
        queue_mail(to, template, lang, **ctx)


def add_evidence_file(upd: ProgressUpdate, filename: str, content: bytes, label: str, actor: Any) -> Evidence:
    """Keep a file only if its content is an accepted kind and it is small enough (portal.files)."""
    upload = files.check_bytes(content, filename, kinds=files.EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES,
                               field="evidence_file")
    ev = Evidence(update=upd, kind="file", filename=upload.filename[:255], file=files.store(upload),
                  content_type=upload.content_type, size=upload.size, label=(label or upload.filename)[:300])
    db.session.add(ev)
    db.session.flush()
    audit.record("evidence.added", ev, actor=actor, summary=upload.filename[:200])
    return ev


def add_evidence_link(upd: ProgressUpdate, url: str, label: str, actor: Any) -> Evidence:
    url = (url or "").strip()
    if not (url.startswith("https://") or url.startswith("http://")) or " " in url:
        raise RuleError({"evidence_url": _("Enter a full web address starting with https://.")})
    ev = Evidence(update=upd, kind="link", url=url[:1000], label=(label or url)[:300])
    db.session.add(ev)
    db.session.flush()
    audit.record("evidence.added", ev, actor=actor, summary=url[:200])
    return ev


def _money(value: str | Decimal | None, field_name: str, errors: dict, required: bool) -> Decimal | None:
    if value is None or str(value).strip() == "":
        if required:
            errors[field_name] = _("Enter an amount.")
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", ".").replace("$", ""))
    except InvalidOperation:
        errors[field_name] = _("“%(value)s” is not an amount.", value=value)
        return None
    if amount < 0:
        errors[field_name] = _("An amount cannot be negative.")
    return amount


def save_spending(commitment: Commitment, fiscal_year: str, planned, actual, funding_source: str,
                  variance_reason: str, actor: Any, note: str = "") -> Spending:
    errors: dict[str, str] = {}
    try:
        fy = parse_fiscal_year(fiscal_year)
    except ValueError as exc:
        errors["fiscal_year"], fy = str(exc), None
    planned_d = _money(planned, "planned", errors, required=True)
    actual_d = _money(actual, "actual", errors, required=False)
    if funding_source not in FUNDING_SOURCES:
        errors["funding_source"] = _("Choose a funding source.")
    reason = (variance_reason or "").strip()
    if not errors and variance_needs_reason(planned_d, actual_d) and not reason:
        errors["variance_reason"] = _("Actual spending differs from planned by more than 10%: explain why.")
    if errors:
        raise RuleError(errors)
    row = db.session.scalar(select(Spending).where(Spending.commitment_id == commitment.id,
                                                   Spending.fiscal_year == fy,
                                                   Spending.funding_source == funding_source))
    before = {}
    if row is None:
        row = Spending(commitment=commitment, fiscal_year=fy, funding_source=funding_source)
        db.session.add(row)
    else:
        before = {"planned": row.planned, "actual": row.actual, "variance_reason": row.variance_reason}
    row.planned, row.actual, row.variance_reason, row.note = planned_d, actual_d, reason, (note or "")[:300]
    db.session.flush()
    changes = {k: [audit._plain(before.get(k)), audit._plain(getattr(row, k))]
               for k in ("planned", "actual", "variance_reason") if before.get(k) != getattr(row, k)}
    changes = {"fiscal_year": [None, fy], **changes}
    record_event(commitment, "spending", actor, changes, public=commitment.visibility == "public")
    audit.record("spending.saved", row, actor=actor, changes=changes, summary=f"{commitment.ref} {fy}")
    return row


def create_indicator(plan: Plan, *, commitment: Commitment | None, objective_id: int | None, name_fr: str,
                     name_en: str, level: str, unit: str, baseline, target, actor: Any) -> Indicator:
    errors: dict[str, str] = {}
    if not (name_fr or "").strip() and not (name_en or "").strip():
        errors["name_fr"] = _("A name is required, in French or in English.")
    if level not in INDICATOR_LEVELS:
        errors["level"] = _("Choose a level of the logic model.")
    base = _money(baseline, "baseline", errors, required=False)
    tgt = _money(target, "target", errors, required=False)
    if errors:
        raise RuleError(errors)
    ind = Indicator(plan_id=plan.id, commitment=commitment, objective_id=objective_id, name_fr=name_fr.strip(),
                    name_en=name_en.strip(), level=level, unit=(unit or "").strip()[:60], baseline=base, target=tgt)
    db.session.add(ind)
    db.session.flush()
    if commitment is not None:
        record_event(commitment, "indicator", actor, {"indicator": [None, ind.name_en or ind.name_fr]},
                     public=commitment.visibility == "public")
    audit.record("indicator.created", ind, actor=actor, summary=ind.name_en or ind.name_fr)
    return ind


def add_measurement(ind: Indicator, measured_on: date | None, value, note: str, actor: Any) -> Measurement:
    errors: dict[str, str] = {}
    if measured_on is None:
        errors["measured_on"] = _("Enter the date of the measurement.")
    amount = _money(value, "value", errors, required=True)
    if errors:
        raise RuleError(errors)
    m = Measurement(indicator=ind, measured_on=measured_on, value=amount, note=(note or "")[:300])
    db.session.add(m)
    db.session.flush()
    audit.record("measurement.added", m, actor=actor, summary=f"{ind.id} {measured_on} {amount}")
    return m


def open_cycle(plan: Plan, name: str, opens_on: date | None, due_date: date | None, actor: Any) -> ReportingCycle:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the cycle a name, for example 2025-2026 Q3.")
    elif db.session.scalar(select(ReportingCycle.id).where(ReportingCycle.plan_id == plan.id,
                                                          ReportingCycle.name == name)):
        errors["name"] = _("This plan already has a cycle named %(name)s.", name=name)
    if due_date is None:
        errors["due_date"] = _("Enter the due date.")
    if opens_on and due_date and due_date < opens_on:
        errors["due_date"] = _("The due date is before the opening date.")
    if errors:
        raise RuleError(errors)
    cycle = ReportingCycle(plan_id=plan.id, name=name, opens_on=opens_on or date.today(), due_date=due_date)
    db.session.add(cycle)
    db.session.flush()
    audit.record("cycle.opened", cycle, actor=actor, summary=f"{plan.code} {name}")
    from .queries import cycle_assignments

    for org, items in cycle_assignments(cycle).items():
        for user in org_leads(org.id):
            _mail(user.email, "commitments/cycle_opened", user.preferred_lang, cycle=cycle, plan=plan,
                       organisation=org, count=len(items), user=user)
    return cycle


def close_cycle(cycle: ReportingCycle, actor: Any) -> None:
    cycle.status = "closed"
    db.session.flush()
    audit.record("cycle.closed", cycle, actor=actor, summary=cycle.name)


def org_leads(org_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        User.organisation_id == org_id, UserRole.role == "department_lead", User.active.is_(True))))
