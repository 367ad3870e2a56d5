"""The French-English glossary's screens: everyone reads it, the secretariat edits it (search uses it at once)."""
from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...permissions import authorize
from ...search import queries as search_queries
from ...search import services as search_services
from ..access import get_term_or_404
from ..blueprint import bp
from ..forms import GlossaryForm


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
    terms = search_queries.glossary_terms()
    defaults = search_queries.builtin_glossary() if not terms else []
    return render_form("lessons/glossary.html", form, terms=terms, defaults=defaults)


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
    with transaction():
        search_services.delete_term(term, actor=current_user)
    return see_other(url_for("lessons.glossary"), _("Glossary entry deleted."))
