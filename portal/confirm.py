"""Asking before what cannot be undone (withdrawing input, deleting), with or without JavaScript.

The action's own POST answers first with a page asking "Are you sure?"; its button sends the same POST again
with `confirmed=yes` and the same fields (the CSRF token renewed). A view starts with

    if not confirm.confirmed():
        return confirm.ask("delete", what=term.term_fr, back=url_for("lessons.glossary"))

Nothing changes until the second POST; "No" goes back (a link, or a POST for pages reached by POST)."""
from __future__ import annotations

from flask import make_response, render_template, request
from markupsafe import Markup, escape

from .i18n import _l

QUESTIONS = {
    "delete": (_l("Delete “%(what)s”?"), _l("This cannot be undone."), _l("Yes, delete"), _l("No, cancel")),
    "withdraw_input": (_l("Withdraw your input?"),
                       _l("Withdrawing deletes what you wrote and any attachment. This cannot be undone."),
                       _l("Yes, withdraw my input"), _l("No, keep my input")),
    "remove_source": (_l("Remove the source “%(what)s”?"),
                      _l("The lesson will no longer cite this source, and its visibility may change."),
                      _l("Yes, remove the source"), _l("No, keep the source")),
    "withdraw_proposal": (_l("Withdraw your proposal?"),
                          _l("The reviewers will no longer see it. This cannot be undone: to propose the change "
                             "again, send a new proposal."),
                          _l("Yes, withdraw my proposal"), _l("No, keep my proposal")),
}


def confirmed() -> bool:
    return request.form.get("confirmed") == "yes"


def ask(kind: str, *, back: str, what: str | Markup = "", back_fields: dict[str, str] | None = None):
    """The "Are you sure?" page for the current POST. `back_fields`: "No" is then a POST to `back`.
    `what` may carry its language (Markup, or a LocalizedText: "<span lang="en">...</span>"); text is escaped."""
    question, detail, yes, no = QUESTIONS[kind]
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "confirmed")]
    response = make_response(render_template(
        "confirm.html", question=escape(str(question)) % {"what": what},
        title=str(question) % {"what": what.striptags() if isinstance(what, Markup) else str(what)},
        detail=detail, yes=yes, no=no,
        action=request.path, fields=fields, back=back, back_fields=back_fields))
    response.headers["Cache-Control"] = "no-store"
    return response
