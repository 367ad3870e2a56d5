"""Plans and their settings: titles, period, state, pillars, objectives and the plan's own status list, edited as
lines of text ("key | French | English"), so the secretariat can set up a new strategy without a developer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ... import audit, parity
from ...extensions import db
from ...guards import parse_int
from ...i18n import _, _l, ngettext
from ...rules import RuleError
from ..models import (COLOUR_ALIASES, DEFAULT_STATUSES, STATUS_COLOURS, Commitment, Objective, Pillar, Plan,
                      PlanStatus)
from ..models.plans import PLAN_STATES
from .commitments import TEXTS

KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass
class PlanInput:
    code: str
    title_fr: str
    title_en: str
    description_fr: str = ""
    description_en: str = ""
    period_start: date | None = None
    period_end: date | None = None
    status: str = "draft"
    pillars: str = ""      # key | titre | title, one a line
    objectives: str = ""   # ref | pillar key | titre | title
    statuses: str = ""     # key | libellé | label | default progress | closed (yes/no)
    one_language: bool | None = None   # "publish in one language for now" (None: not asked)


@dataclass
class ObjectiveInput:
    ref: str
    pillar_key: str = ""
    title_fr: str = ""
    title_en: str = ""


def create_plan(code: str, title_fr: str, title_en: str, *, period_start: date | None = None,
                period_end: date | None = None, pillars: list[tuple[str, str, str]] = (),
                statuses=DEFAULT_STATUSES, description_fr: str = "", description_en: str = "",
                actor: Any = None) -> Plan:
    plan = Plan(code=code, title_fr=title_fr, title_en=title_en, period_start=period_start, period_end=period_end,
                description_fr=description_fr, description_en=description_en)
    for pos, (key, en, fr, progress, closed, *look) in enumerate(statuses):
        colour, attention = (look + [None, None])[:2]
        plan.statuses.append(PlanStatus(key=key, label_en=en, label_fr=fr, default_progress=progress,
                                        is_closed=closed, position=pos, colour=colour or _default_colour(key),
                                        needs_attention=_default_attention(key) if attention is None else attention))
    for pos, (key, fr, en) in enumerate(pillars):
        plan.pillars.append(Pillar(key=key, title_fr=fr, title_en=en, position=pos))
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.created", plan, actor=actor, summary=code)
    return plan


def one_language_commitments(plan: Plan) -> list[tuple[Commitment, list[str]]]:
    """The plan's public commitments with a text in one language only, each with what it misses ("Title in
    English"): what making a draft plan active (or closed) publishes at once without its other language."""
    rows = db.session.scalars(select(Commitment).where(
        Commitment.plan_id == plan.id, Commitment.visibility == "public",
        parity.one_language_clause(Commitment, TEXTS)).order_by(Commitment.sort_key, Commitment.id)).all()
    return [(c, [label for _name, label in parity.missing(c, TEXTS)]) for c in rows]


def _publication_problems(plan: Plan | None, data: PlanInput) -> dict[str, str]:
    """Parity (portal/parity.py) for a plan and for what it publishes with it: a draft plan made active or closed
    makes its public commitments public at once, so those in one language need the same explicit choice."""
    errors = parity.problems(data, {"description": _l("Description")}, public=data.status != "draft",
                             one_language=data.one_language)
    if data.status == "draft" or data.one_language is not False:
        return errors
    # Its objectives are shown on its public pages too (their lines: ref | pillar key | French | English).
    refs = [parts[0] for parts in lines_of(data.objectives) if len(parts) == 4 and bool(parts[2]) != bool(parts[3])]
    if refs:
        errors["objectives"] = _("Objectives with a title in one language only: %(refs)s.", refs=", ".join(refs))
        message = _("A public plan shows its objectives in French and in English. Add the other language, or choose "
                    "“Publish in one language for now”.")
        parity.warn(errors, message)
    if plan is None or plan.status != "draft":
        return errors
    pending = one_language_commitments(plan)
    if pending:
        message = ngettext("Making the plan public publishes %(num)s commitment written in one language only "
                           "(listed below). Add the other language, or choose “Publish in one language for now”.",
                           "Making the plan public publishes %(num)s commitments written in one language only "
                           "(listed below). Add the other language, or choose “Publish in one language for now”.",
                           len(pending))
        parity.warn(errors, message)
    return errors


def add_objective(plan: Plan, data: ObjectiveInput, actor: Any = None) -> Objective:
    """Add an objective to the plan, or change the one with the same ref."""
    pillar = next((p for p in plan.pillars if p.key == data.pillar_key), None)
    obj = db.session.scalar(select(Objective).where(Objective.plan_id == plan.id, Objective.ref == data.ref))
    if obj is None:
        obj = Objective(plan=plan, ref=data.ref)
        db.session.add(obj)
    obj.pillar, obj.title_fr, obj.title_en = pillar, data.title_fr, data.title_en
    db.session.flush()
    audit.record("objective.saved", obj, actor=actor, summary=f"{plan.code} {data.ref}")
    return obj


def lines_of(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in (text or "").splitlines() if line.strip()]


def pillars_text(plan: Plan) -> str:
    return "\n".join(f"{p.key} | {p.title_fr} | {p.title_en}" for p in plan.pillars)


def objectives_text(plan: Plan) -> str:
    return "\n".join(f"{o.ref} | {o.pillar.key if o.pillar else ''} | {o.title_fr} | {o.title_en}" for o in plan.objectives)


def _default_colour(key: str) -> str:
    return next((row[5] for row in DEFAULT_STATUSES if row[0] == key), "grey")


def _default_attention(key: str) -> bool:
    return next((row[6] for row in DEFAULT_STATUSES if row[0] == key), False)


def statuses_text(plan: Plan | None) -> str:
    rows = [(s.key, s.label_fr, s.label_en, s.default_progress, s.is_closed, s.colour, s.needs_attention)
            for s in plan.statuses] if plan else [(k, fr, en, p, c, col, a) for k, en, fr, p, c, col, a in DEFAULT_STATUSES]
    return "\n".join(f"{k} | {fr} | {en} | {p} | {'yes' if c else 'no'} | {col} | {'yes' if a else 'no'}"
                     for k, fr, en, p, c, col, a in rows)


YES_NO = {"yes": True, "oui": True, "no": False, "non": False}


def _status_line(parts: list[str]) -> tuple | None:
    """key | French | English | progress | closed yes/no [| colour [| needs attention yes/no]], or None."""
    parts = parts + [""] * (7 - len(parts)) if 5 <= len(parts) <= 7 else []
    if not parts:
        return None
    key, fr, en, progress, closed, colour, attention = parts
    colour = COLOUR_ALIASES.get(colour.lower(), colour.lower()) or _default_colour(key)
    ok = key and not (set(key) - KEY_CHARS) and fr and en and parse_int(progress, hi=100) is not None \
        and closed.lower() in YES_NO and colour in STATUS_COLOURS and (not attention or attention.lower() in YES_NO)
    if not ok:
        return None
    return (key, fr, en, int(progress), YES_NO[closed.lower()], colour,
            YES_NO[attention.lower()] if attention else _default_attention(key))


def _parse_statuses(text: str, errors: dict[str, str]) -> list[tuple]:
    statuses = []
    for n, parts in enumerate(lines_of(text), 1):
        row = _status_line(parts)
        if row is None:
            errors["statuses"] = _("Line %(n)s: write “key | French label | English label | default progress 0-100 | "
                                   "closed yes/no | colour | needs attention yes/no”; the colour is one of: "
                                   "%(colours)s.", n=n, colours=", ".join(STATUS_COLOURS))
            break
        statuses.append(row)
    if not statuses and "statuses" not in errors:
        errors["statuses"] = _("A plan needs at least one status.")
    return statuses


def _check(plan: Plan | None, data: PlanInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    code = (data.code or "").strip().upper()
    if not code or any(ch.isspace() for ch in code) or len(code) > 40:
        errors["code"] = _("Give the plan a short code without spaces, for example NAP-2012.")
    elif db.session.scalar(select(Plan.id).where(func.upper(Plan.code) == code, Plan.id != (plan.id if plan else -1))):
        errors["code"] = _("Another plan already uses the code %(code)s.", code=code)
    if not data.title_fr.strip() or not data.title_en.strip():
        errors["title_fr"] = _("A plan needs its title in both official languages.")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        errors["period_end"] = _("The end of the period is before its start.")
    if data.status not in PLAN_STATES:
        errors["status"] = _("Choose a state.")
    # The title is always in both languages (above); the description, and the commitments a draft plan made
    # public publishes with it, may wait, said explicitly.
    errors.update(_publication_problems(plan, data))
    pillars = []
    for n, parts in enumerate(lines_of(data.pillars), 1):
        if len(parts) != 3 or not parts[0] or set(parts[0]) - KEY_CHARS or not parts[1] or not parts[2]:
            errors["pillars"] = _("Line %(n)s: write “key | French title | English title”, the key in lower case "
                                  "letters, digits or _.", n=n)
            break
        pillars.append(parts)
    if len({p[0] for p in pillars}) != len(pillars):
        errors["pillars"] = _("Each pillar key must appear once.")
    keys = {p[0] for p in pillars}
    objectives = []
    for n, parts in enumerate(lines_of(data.objectives), 1):
        if len(parts) != 4 or not parts[0] or not (parts[2] or parts[3]):
            errors["objectives"] = _("Line %(n)s: write “ref | pillar key | French title | English title”.", n=n)
            break
        if parts[1] and parts[1] not in keys:
            errors["objectives"] = _("Line %(n)s: unknown pillar “%(key)s”.", n=n, key=parts[1])
            break
        objectives.append(parts)
    statuses = _parse_statuses(data.statuses, errors)
    if plan is not None and "statuses" not in errors:
        used = set(db.session.scalars(select(Commitment.status).where(Commitment.plan_id == plan.id).distinct()))
        missing = used - {s[0] for s in statuses}
        if missing:
            errors["statuses"] = _("These statuses are still used by commitments: %(keys)s.",
                                   keys=", ".join(sorted(missing)))
    if errors:
        raise RuleError(errors)
    return {"code": code, "pillars": pillars, "objectives": objectives, "statuses": statuses}


def save_plan(plan: Plan | None, data: PlanInput, actor: Any) -> Plan:
    checked = _check(plan, data)
    creating = plan is None
    if creating:
        plan = Plan(code=checked["code"])
        db.session.add(plan)
    before = {f: getattr(plan, f, None) for f in ("code", "title_fr", "title_en", "status", "period_start", "period_end")}
    plan.code = checked["code"]
    for f in ("title_fr", "title_en", "description_fr", "description_en"):
        setattr(plan, f, (getattr(data, f) or "").strip())
    plan.period_start, plan.period_end, plan.status = data.period_start, data.period_end, data.status
    db.session.flush()
    by_key = {p.key: p for p in plan.pillars}
    for pos, (key, fr, en) in enumerate(checked["pillars"]):
        p = by_key.pop(key, None) or Pillar(key=key)
        if p.id is None:
            plan.pillars.append(p)
        p.title_fr, p.title_en, p.position = fr, en, pos
    for p in by_key.values():  # pillars no longer listed: their commitments keep no pillar
        for c in db.session.scalars(select(Commitment).where(Commitment.pillar_id == p.id)):
            c.pillar_id = None
        plan.pillars.remove(p)
    db.session.flush()
    pillar_ids = {p.key: p.id for p in plan.pillars}
    existing = {o.ref: o for o in plan.objectives}
    for ref, key, fr, en in checked["objectives"]:
        o = existing.pop(ref, None) or Objective(ref=ref)
        if o.id is None:
            plan.objectives.append(o)
        o.pillar_id, o.title_fr, o.title_en = pillar_ids.get(key), fr, en
    for o in existing.values():
        for c in db.session.scalars(select(Commitment).where(Commitment.objective_id == o.id)):
            c.objective_id = None
        plan.objectives.remove(o)
    by_key = {s.key: s for s in plan.statuses}
    for pos, (key, fr, en, progress, closed, colour, attention) in enumerate(checked["statuses"]):
        s = by_key.pop(key, None) or PlanStatus(key=key)
        if s.id is None:
            plan.statuses.append(s)
        s.label_fr, s.label_en, s.default_progress, s.is_closed, s.position = fr, en, progress, closed, pos
        s.colour, s.needs_attention = colour, attention
    for s in by_key.values():
        plan.statuses.remove(s)
    db.session.flush()
    after = {f: getattr(plan, f) for f in before}
    audit.record("plan.created" if creating else "plan.updated", plan, actor=actor,
                 changes={k: [before[k], v] for k, v in after.items() if before[k] != v}, summary=plan.code)
    return plan
