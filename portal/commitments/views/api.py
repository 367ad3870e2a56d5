"""Open data: plans and their commitments as JSON, with the same permissions as the pages."""
from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from ...i18n import localized
from .. import queries
from ..access import get_plan_or_404
from ..blueprint import api_bp
from ..models import Commitment, Plan, ProgressUpdate


def _api_lang() -> str:
    return request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"


@api_bp.route("/plans")
def api_plans():
    lang = _api_lang()
    return jsonify({"plans": [{
        "code": p.code, "title": str(localized(p, "title", lang)), "status": p.status,
        "period_start": p.period_start.isoformat() if p.period_start else None,
        "period_end": p.period_end.isoformat() if p.period_end else None,
        "pillars": [{"key": x.key, "title": str(localized(x, "title", lang))} for x in p.pillars],
        "commitments_url": url_for("commitments_api.api_commitments", code=p.code, lang=lang, _external=True),
    } for p in queries.visible_plans(current_user)]})


@api_bp.route("/plans/<code>/commitments")
def api_commitments(code: str):
    plan = get_plan_or_404(code)
    lang = _api_lang()
    f = queries.Filters.from_args(request.args)
    rows = queries.all_filtered(plan, current_user, f)
    latest = queries.latest_published([c.id for c in rows])
    out = [_commitment(c, latest.get(c.id), plan, lang) for c in rows]
    return jsonify({"plan": plan.code, "lang": lang, "count": len(out), "commitments": out})


def _commitment(c: Commitment, upd: ProgressUpdate | None, plan: Plan, lang: str) -> dict:
    """One commitment as open data (the JSON document is the API's format, not a layer's)."""
    statuses = plan.status_by_key()
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
        "progress": c.progress, "visibility": c.visibility, "jurisdictions": c.jurisdictions,
        "latest_update": {"as_of": upd.as_of.isoformat(), "narrative": str(localized(upd, "narrative", lang))}
        if upd else None,
        "url": url_for("commitments.view", commitment_id=c.id, lang=lang, _external=True),
    }
