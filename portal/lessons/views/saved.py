"""Saved searches: save the search on the search page, list and delete one's own."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ... import confirm
from ...flow import see_other, transaction
from ...i18n import _, current_lang
from ...permissions import authorize
from .. import queries, services
from ..access import get_saved_search_or_404
from ..blueprint import bp


@bp.route("/saved", methods=["GET", "POST"])
def saved():
    authorize("search.save")
    if request.method == "POST":
        data = services.SavedSearchInput(query=request.form.get("q", ""), filters=request.form.get("filters", ""),
                                         lang=current_lang())
        with transaction() as tx:  # the search page has no form to show the error on: flashed
            services.save_search(current_user, data)
        if not tx.ok:
            return see_other(url_for("search.index"))
        return see_other(url_for("lessons.saved"),
                         _("Search saved. You will get an email each week when it finds something new."))
    return render_template("lessons/saved.html", saved=queries.saved_searches(current_user))


@bp.route("/saved/<int:saved_id>/delete", methods=["POST"])
def saved_delete(saved_id: int):
    row = get_saved_search_or_404(saved_id)
    if not confirm.confirmed():
        return confirm.ask("delete", what=row.query, back=url_for("lessons.saved"))
    with transaction():
        services.delete_saved_search(row, actor=current_user)
    return see_other(url_for("lessons.saved"), _("Saved search deleted."))
