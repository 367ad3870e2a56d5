"""JSON under /api/v1: the same visibility rules as the pages, consent and moderation included."""
from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from ... import audit
from .. import queries
from ..access import get_consultation_or_404, get_roundtable_or_404
from ..blueprint import api_bp
from ..models import Consultation, Roundtable, Submission


def _lang() -> str:
    return request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"


def _pick(obj, field, lang):
    return getattr(obj, f"{field}_{lang}") or getattr(obj, f"{field}_{'fr' if lang == 'en' else 'en'}")


def _consultation(c: Consultation, lang: str, full: bool = False) -> dict:
    out = {"slug": c.slug, "title": _pick(c, "title", lang), "summary": _pick(c, "summary", lang),
           "audience": c.audience, "state": c.state(),
           "opens_at": c.opens_at.isoformat() if c.opens_at else None,
           "closes_at": c.closes_at.isoformat() if c.closes_at else None,
           "what_we_heard_published": c.wwh_published_at is not None}
    if full:
        out["sections"] = [{"title": _pick(s, "title", lang), "body": _pick(s, "body", lang), "questions": [
            {"ref": q.ref, "kind": q.kind, "text": _pick(q, "text", lang),
             "choices": [label for _code, label in q.choice_list(lang)] if q.kind == "choice" else []}
            for q in s.questions]} for s in c.sections]
    return out


@api_bp.route("/consultations")
def api_consultations():
    lang = _lang()
    items = sorted(queries.visible_consultations(current_user), key=lambda c: c.id)
    return jsonify({"consultations": [_consultation(c, lang) for c in items]})


@api_bp.route("/consultations/<slug>")
def api_consultation(slug):
    return jsonify(_consultation(get_consultation_or_404(slug), _lang(), full=True))


def _submission(s: Submission) -> dict:
    """Redacted text unless the reader may see the original; consent and moderation only with it."""
    original = queries.shows_original(s, current_user)
    item = {"id": s.id, "language": s.language, "visibility": s.visibility,
            "stakeholder_category": s.category.code if s.category else None,
            "attribution": s.attribution or None, "submitted_at": s.submitted_at.date().isoformat() if s.submitted_at else None,  # a date: no time
            "roundtable_id": s.roundtable_id,
            "general_comment": s.body if original else s.public_text(None),
            "answers": {a.question.ref: {"value": a.value or None,
                                         "text": a.text if original else s.public_text(a)} for a in s.answers}}
    if original:
        item["consent"] = s.consent
        item["moderation"] = s.moderation
    return item


@api_bp.route("/consultations/<slug>/submissions")
def api_submissions(slug):
    c = get_consultation_or_404(slug)
    subs = queries.visible(queries.consultation_inputs(c), current_user)
    out = [_submission(s) for s in subs]
    answer = jsonify({"consultation": c.slug, "submissions": out})
    audit.record_read("consultation.submissions_read", c, actor=current_user,
                      visibilities=[s.visibility for s in subs], what="API")
    return answer


def _key_point(k, lang: str, informed: list, wwh_slug: str | None) -> dict:
    """A key point and what it informed (records the reader may see), with page addresses both ways."""
    out = {"id": k.id, "heading": _pick(k, "heading", lang), "text": _pick(k, "text", lang),
           "url": url_for("consultations.roundtable", rt_id=k.roundtable_id, lang=lang, _anchor=f"key-point-{k.id}",
                          _external=True),
           "informed": [{"type": ref.type, "id": ref.id, "relation": link.relation, "title": str(ref.title),
                         "url": url_for(ref.endpoint, lang=lang, _external=True, **ref.url_args)}
                        for link, ref in informed]}
    if wwh_slug:
        out["what_we_heard_url"] = url_for("consultations.what_we_heard", slug=wwh_slug, lang=lang,
                                           _anchor=f"key-point-{k.id}", _external=True)
    return out


@api_bp.route("/roundtables/<int:rt_id>")
def api_roundtable(rt_id):
    rt: Roundtable = get_roundtable_or_404(rt_id)
    lang = _lang()
    exact = queries.sees_exact_counts(current_user)
    attendance, attendance_total = queries.attendance(rt, exact)
    informed = queries.key_point_outcomes(rt, current_user)
    wwh = rt.consultation.slug if queries.what_we_heard_shown(rt, current_user) else None
    level = rt.visibility
    answer = jsonify({
        "id": rt.id, "title": _pick(rt, "title", lang), "jurisdiction": rt.jurisdiction_code, "city": rt.city,
        "date": rt.held_on.isoformat() if rt.held_on else None, "organiser": _pick(rt, "organiser", lang),
        "chatham_house": rt.chatham_house, "summary": _pick(rt, "summary", lang),
        "consultation": rt.consultation.slug if rt.consultation else None,
        "attendance": {category.code: n for category, n in attendance},
        "attendance_total": attendance_total, "counts_rounded": not exact,
        "key_points": [_key_point(k, lang, informed[k.id], wwh) for k in rt.key_points],
        "evaluation": [{"statement": _pick(e, "statement", lang), "agree_share": e.agree_share}
                       for e in rt.evaluation],
    })
    audit.record_read("roundtable.viewed", rt, actor=current_user, visibilities=[level], what="API")
    return answer
