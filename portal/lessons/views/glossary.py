"""The French-English glossary's screens: everyone reads it, the secretariat edits it (search uses it at once)."""
from __future__ import annotations

from collections import Counter

from flask import request, url_for
from flask_login import current_user
from markupsafe import Markup

from ... import confirm
from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from ...search import queries as search_queries
from ...search.glossary import CATEGORIES
from ...search import services as search_services
from ..access import get_term_or_404
from ..blueprint import bp
from ..forms import GlossaryForm


PER_PAGE = 100


@bp.route("/glossary", methods=["GET", "POST"])
def glossary():
    authorize("public.read")
    form = GlossaryForm()
    if request.method == "POST":
        authorize("glossary.edit")
        if form.validate_on_submit():
            with transaction(form) as tx:
                search_services.save_term(None, form.to_input(), actor=current_user)
            if tx.ok:
                return see_other(url_for("lessons.glossary"), _("Glossary entry added; search uses it right away."))
    return render_form("lessons/glossary.html", form, **_listing())


def _listing() -> dict:
    """The pairs shown: one category and/or a text filter from the query string (GET, so it can be linked)."""
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    text = request.args.get("q", "").strip()[:100]
    counts = search_queries.glossary_counts()
    if counts:
        terms, defaults = search_queries.glossary_terms(category or None, text or None), []
    else:   # a fresh install: the built-in terminology, until the demo or the secretariat fills the table
        terms, defaults = [], search_queries.builtin_glossary(category or None, text or None)
        counts = Counter(e.category for e in search_queries.builtin_glossary())
    shown = terms or defaults
    pages = max(1, -(-len(shown) // PER_PAGE))
    raw = request.args.get("page", "1")
    page = min(max(int(raw), 1), pages) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1
    window = slice((page - 1) * PER_PAGE, page * PER_PAGE)
    return {"terms": terms[window], "defaults": defaults[window], "total": len(shown), "page": page,
            "pages": pages, "counts": counts, "categories": CATEGORIES, "category": category, "text": text}


@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"])
def glossary_edit(term_id: int):
    term = get_term_or_404(term_id)
    form = GlossaryForm(obj=term)
    if form.validate_on_submit():
        with transaction(form) as tx:
            search_services.save_term(term, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("lessons.glossary"), _("Glossary entry saved."))
    return render_form("lessons/glossary_edit.html", form, term=term)


@bp.route("/glossary/<int:term_id>/delete", methods=["POST"])
def glossary_delete(term_id: int):
    term = get_term_or_404(term_id)
    if not confirm.confirmed():
        what = Markup('<span lang="{}">{}</span> / <span lang="{}">{}</span>').format(
            term.lang_of("fr"), term.term_fr, term.lang_of("en"), term.term_en)
        return confirm.ask("delete", what=what, back=url_for("lessons.glossary"))
    with transaction():
        search_services.delete_term(term, actor=current_user)
    return see_other(url_for("lessons.glossary"), _("Glossary entry deleted."))
