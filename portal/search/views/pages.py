"""The search page: works without JavaScript (plain links for facets, sort and pages); htmx swaps the results."""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import render_template, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from ... import audit
from ...i18n import _l, current_lang
from ...permissions import authorize
from ..blueprint import bp
from ..forms import FACET_PARAMS, SearchForm
from ..index import SearchUnavailable
from ..labels import facet_label, type_label
from ..queries import run_search

log = logging.getLogger(__name__)


def hit_url(hit) -> str | None:
    try:
        return url_for(hit.endpoint, **hit.url_args)
    except BuildError:  # indexed with an endpoint that is gone (the next rebuild fixes it)
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
    params = SearchForm(request.args).to_input(current_lang())
    result, unavailable = None, False
    if params.q or params.filters:
        try:
            result = run_search(params, current_user)
        except SearchUnavailable:
            log.warning("search unavailable", exc_info=True)
            unavailable = True
    filters_qs = urlencode({k: v for k, v in request.args.items() if k not in ("q", "page")})
    ctx = dict(params=params, result=result, unavailable=unavailable, hit_url=hit_url, page_url=page_url,
               type_label=type_label, facet_label=facet_label, facet_params=FACET_PARAMS, filters_qs=filters_qs)
    template = "search/_results.html" if request.headers.get("HX-Request") else "search/index.html"
    html = render_template(template, **ctx)
    if result is not None:
        audit.record_read("search.results_read", None, actor=current_user, object_type="search",
                          visibilities=[h.visibility for h in result.hits], what=_l("results page %(page)s", page=str(result.page)))
    return html, (503 if unavailable else 200)
