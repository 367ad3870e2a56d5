"""Search pages, the JSON API, the glossary and saved searches. Lessons are in lesson_views.py."""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from ..extensions import db
from ..i18n import _, current_lang
from ..permissions import authorize, get_or_404, visibility_levels
from . import engine, services, writer  # noqa: F401  (writer: after-commit hook)
from .forms import GlossaryForm
from .glossary import default_entries, load_glossary
from .index import SearchUnavailable
from .labels import facet_label, type_label
from .models import EvaluationFinding, GlossaryTerm, SavedSearch

log = logging.getLogger(__name__)
bp = Blueprint("search", __name__, url_prefix="/search")
api_bp = Blueprint("search_api", __name__, url_prefix="/search")

# URL parameter -> index field of each facet.
FACET_PARAMS = {"type": "type", "pillar": "pillar", "province": "jurisdictions", "year": "year",
                "stakeholder": "stakeholder", "language": "langs"}
MAX_PAGE = 200


def _org_id():
    return current_user.organisation_id if current_user.is_authenticated else None


def params_from_request(lang: str, args) -> engine.SearchParams:
    try:
        page = min(MAX_PAGE, max(1, int(args.get("page", 1))))
    except ValueError:
        page = 1
    filters = {field: args.get(param, "").strip() for param, field in FACET_PARAMS.items() if args.get(param)}
    return engine.SearchParams(q=(args.get("q") or "").strip()[:300], lang=lang, filters=filters,
                               sort="recent" if args.get("sort") == "recent" else "relevance", page=page)


def run_search(params: engine.SearchParams, user=None):
    user = user or current_user
    org_id = user.organisation_id if getattr(user, "is_authenticated", False) else None
    return engine.search(params, visibility_levels(user), org_id, load_glossary())


def hit_url(hit) -> str | None:
    try:
        return url_for(hit.endpoint, **hit.url_args)
    except BuildError:  # a feature whose page is not there (yet)
        return None


def page_url(**changes) -> str:
    """The current search with some parameters changed (facets, sort, page): plain links work without JS."""
    args = request.args.to_dict()
    for k, v in changes.items():
        if v in (None, ""):
            args.pop(k, None)
        else:
            args[k] = v
    if "page" not in changes:
        args.pop("page", None)
    return url_for("search.index") + ("?" + urlencode(args) if args else "")


@bp.route("")
def index():
    authorize("public.read")
    params = params_from_request(current_lang(), request.args)
    result, unavailable = None, False
    if params.q or params.filters:
        try:
            result = run_search(params)
        except SearchUnavailable:
            log.warning("search unavailable", exc_info=True)
            unavailable = True
    filters_qs = urlencode({k: v for k, v in request.args.items() if k not in ("q", "page")})
    ctx = dict(params=params, result=result, unavailable=unavailable, hit_url=hit_url, page_url=page_url,
               type_label=type_label, facet_label=facet_label, facet_params=FACET_PARAMS, filters_qs=filters_qs)
    template = "search/_results.html" if request.headers.get("HX-Request") else "search/index.html"
    return render_template(template, **ctx), (503 if unavailable else 200)


@api_bp.route("")
def api_search():
    authorize("public.read")
    lang = request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"
    params = params_from_request(lang, request.args)
    params.facets = False
    try:
        result = run_search(params)
    except SearchUnavailable:
        return jsonify({"error": {"code": 503, "message": "search is temporarily unavailable"}}), 503
    results = []
    for h in result.hits:
        url = None
        try:
            url = url_for(h.endpoint, lang=lang, _external=True, **h.url_args)
        except BuildError:
            pass
        results.append({"type": h.type, "id": h.obj_id, "title": h.title, "url": url, "snippet": str(h.snippet),
                        "score": h.score, "language": h.title_lang,
                        "date": h.date.isoformat() if h.date else None})
    return jsonify({"query": params.q, "lang": lang, "page": result.page, "pages": result.pages,
                    "total": result.total, "results": results, "suggestion": result.suggestion})


@bp.route("/findings/<int:finding_id>")
def finding(finding_id: int):
    from ..links import linked
    from ..permissions import may_see

    f = get_or_404(EvaluationFinding, finding_id)
    if not may_see(current_user, f.visibility):
        abort(404)
    return render_template("search/finding.html", finding=f, links=linked("evaluation_finding", f.id, current_user))


@bp.route("/glossary", methods=["GET", "POST"])
def glossary():
    authorize("public.read")
    form = GlossaryForm()
    if request.method == "POST":
        authorize("glossary.edit")
        if form.validate_on_submit():
            try:
                services.save_term(None, form.data, actor=current_user)
            except services.LessonError as exc:
                form.term_fr.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Glossary entry added; search uses it right away."), "success")
                return redirect(url_for("search.glossary"), 303)
    terms = db.session.scalars(select(GlossaryTerm).order_by(func.lower(GlossaryTerm.term_fr))).all()
    defaults = default_entries() if not terms else []
    return render_template("search/glossary.html", terms=terms, defaults=defaults, form=form)


@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"])
def glossary_edit(term_id: int):
    authorize("glossary.edit")
    term = get_or_404(GlossaryTerm, term_id)
    form = GlossaryForm(obj=term)
    if form.validate_on_submit():
        try:
            services.save_term(term, form.data, actor=current_user)
        except services.LessonError as exc:
            form.term_fr.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Glossary entry saved."), "success")
            return redirect(url_for("search.glossary"), 303)
    return render_template("search/glossary_edit.html", form=form, term=term)


@bp.route("/glossary/<int:term_id>/delete", methods=["POST"])
def glossary_delete(term_id: int):
    authorize("glossary.edit")
    term = get_or_404(GlossaryTerm, term_id)
    services.delete_term(term, actor=current_user)
    db.session.commit()
    flash(_("Glossary entry deleted."), "success")
    return redirect(url_for("search.glossary"), 303)


@bp.route("/saved", methods=["GET", "POST"])
def saved():
    authorize("search.save")
    if request.method == "POST":
        try:
            services.save_search(current_user, request.form.get("q", ""), request.form.get("filters", ""),
                                 current_lang())
        except services.LessonError as exc:
            flash(str(exc), "error")
            return redirect(url_for("search.index"), 303)
        db.session.commit()
        flash(_("Search saved. You will get an email each week when it finds something new."), "success")
        return redirect(url_for("search.saved"), 303)
    rows = db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == current_user.id)
                              .order_by(SavedSearch.created_at.desc())).all()
    return render_template("search/saved.html", saved=rows)


@bp.route("/saved/<int:saved_id>/delete", methods=["POST"])
def saved_delete(saved_id: int):
    authorize("search.save")
    row = db.session.get(SavedSearch, saved_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    services.delete_saved_search(row, actor=current_user)
    db.session.commit()
    flash(_("Saved search deleted."), "success")
    return redirect(url_for("search.saved"), 303)


from . import lesson_views  # noqa: E402,F401  (routes of lessons on the same blueprint)
