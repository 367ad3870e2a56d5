"""The Open data page (anyone) and its DCAT catalogue in JSON-LD."""
from __future__ import annotations

from flask import Response, json, render_template

from ...datasets import LICENCE_NAME, LICENCE_URL
from ...i18n import current_lang
from .. import queries
from ..blueprint import bp


@bp.get("/")
def index():
    lang = current_lang()
    datasets = queries.catalogue()
    return render_template("opendata/index.html", datasets=datasets, lang=lang, licence_url=LICENCE_URL[lang],
                           licence_name=LICENCE_NAME[lang], catalog=queries.dcat(datasets, lang))


@bp.get("/catalog.jsonld")
def catalog():
    body = json.dumps(queries.dcat(queries.catalogue(), current_lang()), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/ld+json")
