"""GET /api/v1/search?q=...&lang=fr|en: the same search as the page, as JSON (facets left out)."""
from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from ... import audit
from ...i18n import _l
from ...permissions import authorize
from ..blueprint import api_bp
from ..forms import SearchForm
from ..index import SearchUnavailable
from ..queries import run_search


def _url(hit, lang: str) -> str | None:
    try:
        return url_for(hit.endpoint, lang=lang, _external=True, **hit.url_args)
    except BuildError:
        return None


@api_bp.route("")
def api_search():
    authorize("public.read")
    lang = request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"
    params = SearchForm(request.args).to_input(lang)
    params.facets = False
    try:
        result = run_search(params, current_user)
    except SearchUnavailable:
        return jsonify({"error": {"code": 503, "message": "search is temporarily unavailable"}}), 503
    # The rank only, never the engine's score: a score computed over documents the reader may not see
    # would tell them something about those documents.
    first = (result.page - 1) * params.per_page
    results = [{"type": h.type, "id": h.obj_id, "title": h.title, "url": _url(h, lang), "snippet": str(h.snippet),
                "rank": first + n, "language": h.title_lang, "date": h.date.isoformat() if h.date else None}
               for n, h in enumerate(result.hits, 1)]
    answer = jsonify({"query": params.q, "lang": lang, "page": result.page, "pages": result.pages,
                      "total": result.total, "results": results, "suggestion": result.suggestion,
                      "too_broad": result.broad_prefixes})
    audit.record_read("search.results_read", None, actor=current_user, object_type="search",
                      visibilities=[h.visibility for h in result.hits], what=_l("API page %(page)s", page=str(result.page)))
    return answer
