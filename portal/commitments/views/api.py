"""Open data: plans, their commitments with spending by fiscal year and indicators with measurements, as
JSON, with the same permissions as the pages. Harvesters sync with `updated_since` and follow `next` links
(in the body and in a Link header)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, jsonify, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ... import audit, fragments
from ...extensions import db
from ...guards import int_arg, page_arg
from ...i18n import _, _l, localized
from ...pagecache import visitor_cache
from .. import exports, queries
from ..access import get_plan_or_404, levels_read
from ..deletions import deletions
from ..blueprint import api_bp
from ..models import Commitment, CommitmentEvent, Indicator, Plan, ProgressUpdate, Spending

# What these answers read: the plans and their commitments, and the organisations' names.
SCOPES = ("commitments", "auth")
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500


def _api_lang() -> str:
    return request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"


@api_bp.route("/plans")
@visitor_cache(*SCOPES)
def api_plans():
    lang = _api_lang()

    def body() -> bytes:
        return jsonify({"plans": [{
            "code": p.code, "title": str(localized(p, "title", lang)), "status": p.status,
            "period_start": p.period_start.isoformat() if p.period_start else None,
            "period_end": p.period_end.isoformat() if p.period_end else None,
            "pillars": [{"key": x.key, "title": str(localized(x, "title", lang))} for x in p.pillars],
            "commitments_url": url_for("commitments_api.api_commitments", code=p.code, lang=lang, _external=True),
            "spending_url": url_for("commitments_api.api_spending", code=p.code, lang=lang, _external=True),
            "indicators_url": url_for("commitments_api.api_indicators", code=p.code, lang=lang, _external=True),
        } for p in queries.visible_plans(current_user)]}).get_data()

    return _json(fragments.shared("commitments.api_plans", SCOPES, lang, body))


def _json(body: bytes, status: int = 200):
    return current_app.response_class(body, status=status, mimetype=current_app.json.mimetype)


def parse_since(raw: str) -> datetime | None:
    """An ISO 8601 date or date and time; without an offset it is UTC. ValueError when malformed."""
    raw = (raw or "").strip()
    if not raw:
        return None
    value = datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _since_or_error():
    """(since, None), or (None, a 400 answer) when `updated_since` is malformed."""
    try:
        return parse_since(request.args.get("updated_since", "")), None
    except ValueError:
        return None, (jsonify({"error": _("updated_since must be an ISO 8601 date or date and time, for example "
                                          "2025-04-01 or 2025-04-01T12:00:00+00:00.")}), 400)


def _deletions_url(plan: Plan, since: datetime | None) -> str:
    args = {"updated_since": since.isoformat()} if since else {}
    return url_for("commitments_api.api_deletions", code=plan.code, _external=True, **args)


def _page_args() -> tuple[int, int]:
    return page_arg(), min(int_arg("per_page", DEFAULT_PER_PAGE) or DEFAULT_PER_PAGE, MAX_PER_PAGE)


def _page_url(page: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "page"}
    return url_for(request.endpoint, **request.view_args, **args, page=page, _external=True)


@api_bp.route("/plans/<code>/commitments")
@visitor_cache(*SCOPES)
def api_commitments(code: str):
    plan = get_plan_or_404(code)
    lang = _api_lang()
    since, error = _since_or_error()
    if error:
        return error
    parts = (plan.id, tuple(sorted(request.args.items(multi=True))))
    body, link_header, levels, page = fragments.shared("commitments.api_commitments", SCOPES, parts,
                                                       lambda: _commitments_page(plan, lang, since))
    resp = _json(body)
    if link_header:
        resp.headers["Link"] = link_header
    audit.record_read("plan.commitments_read", plan, actor=current_user, visibilities=levels, what=_l("API page %(page)s", page=str(page)))
    return resp


def _commitments_page(plan: Plan, lang: str, since: datetime | None) -> tuple[bytes, str, tuple[str, ...], int]:
    """One page of a plan's commitments as open data: the JSON body, the Link header, the visibility of each
    commitment shown (for the audit) and the page number."""
    stmt = queries.filtered_stmt(plan, current_user, queries.Filters.from_args(request.args))
    if since is not None:
        changed = select(CommitmentEvent.commitment_id).where(CommitmentEvent.at >= since)
        stmt = stmt.where(or_(Commitment.updated_at >= since, Commitment.id.in_(changed)))
    page, per_page = _page_args()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = list(db.session.scalars(stmt.options(
        selectinload(Commitment.lead_organisation), selectinload(Commitment.pillar), selectinload(Commitment.parent))
        .order_by(Commitment.sort_key, Commitment.id).limit(per_page).offset((page - 1) * per_page)))
    latest = queries.latest_published([c.id for c in rows])
    spend, inds = exports.by_commitment([c.id for c in rows])
    statuses = plan.status_by_key()
    out = [_commitment(c, latest.get(c.id), statuses, lang, spend[c.id], inds[c.id]) for c in rows]
    pages = max(1, -(-total // per_page))
    links = {"next": _page_url(page + 1) if page < pages else None, "prev": _page_url(page - 1) if page > 1 else None}
    body = jsonify({"plan": plan.code, "lang": lang, "count": total, "page": page, "per_page": per_page,
                    "pages": pages, **links, "updated_since": since.isoformat() if since else None,
                    "commitments": out, "deletions_url": _deletions_url(plan, since),
                    # what left since then (deleted, or no longer visible to this reader): harvesters delete it
                    **({"deleted": [d["commitment_ref"] for d in deletions(plan, current_user, since)
                                    if d["type"] == "commitment"]} if since is not None else {})}).get_data()
    link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    return body, link_header, tuple(levels_read(plan, rows)), page


@api_bp.route("/plans/<code>/spending")
def api_spending(code: str):
    plan = get_plan_or_404(code)
    lines = exports.spending(plan, current_user)
    return jsonify({"plan": plan.code, "count": len(lines), "deletions_url": _deletions_url(plan, None),
                    "spending": [{"commitment_ref": s.commitment.ref, **exports.spending_json(s)} for s in lines]})


@api_bp.route("/plans/<code>/indicators")
def api_indicators(code: str):
    plan = get_plan_or_404(code)
    lang = _api_lang()
    items = exports.indicators(plan, current_user)
    return jsonify({"plan": plan.code, "lang": lang, "count": len(items), "deletions_url": _deletions_url(plan, None),
                    "indicators": [exports.indicator_json(i, lang) for i in items]})


@api_bp.route("/plans/<code>/deletions")
def api_deletions(code: str):
    """Tombstones: the commitments, spending lines and indicators that left the reader's view since
    `updated_since` (deleted, or made internal), newest first, so a harvester can delete its copies."""
    plan = get_plan_or_404(code)
    since, error = _since_or_error()
    if error:
        return error
    items = deletions(plan, current_user, since)
    return jsonify({"plan": plan.code, "updated_since": since.isoformat() if since else None,
                    "count": len(items), "deleted": items})


def _commitment(c: Commitment, upd: ProgressUpdate | None, statuses: dict, lang: str, spending: list[Spending],
                indicators: list[Indicator]) -> dict:
    """One commitment as open data (the JSON document is the API's format, not a layer's)."""
    return {
        "ref": c.ref, "parent_ref": c.parent.ref if c.parent else None,
        "pillar": c.pillar.key if c.pillar else None, "title": str(localized(c, "title", lang)),
        "description": str(localized(c, "description", lang)),
        "lead": c.lead_organisation.short_name, "partners": [
            {"organisation": p.organisation.short_name, "role": p.role} for p in c.partners],
        "start": c.start_date.isoformat() if c.start_date else None,
        "due": c.due_value or None, "due_date": c.due_date.isoformat() if c.due_date else None,
        "status": c.status,
        "status_label": getattr(statuses[c.status], f"label_{lang}") if c.status in statuses else c.status,
        "progress": c.progress, "weight": c.weight, "visibility": c.visibility, "jurisdictions": c.jurisdictions,
        "updated_at": c.updated_at.isoformat() if c.updated_at else None,
        "latest_update": {"as_of": upd.as_of.isoformat(), "narrative": str(localized(upd, "narrative", lang))}
        if upd else None,
        "spending": [exports.spending_json(s) for s in spending],
        "indicators": [exports.indicator_json(i, lang) for i in indicators],
        "url": url_for("commitments.view", commitment_id=c.id, lang=lang, _external=True),
    }
