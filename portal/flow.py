"""The request flow: one transaction per request, committed in one place (Indico RH.process).

A view validates its form, then runs the service inside `transaction(form)`:

    if form.validate_on_submit():
        with transaction(form) as tx:
            upd = services.record_progress(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.update_view", update_id=upd.id), _("Draft saved."))
    return render_form("commitments/update_form.html", form, c=c)

On success the transaction commits once (then the outbox feeds the index and the mail). On RuleError it
rolls back and puts the messages on the form (or flashes them when there is no form); anything else rolls
back and propagates, so a programming error becomes the 500 page, never a message shown to a person.

A form that failed (validation or rules) is answered with INVALID (422 Unprocessable Content): the request
was understood but its content cannot be accepted. Browsers show the page as usual, htmx swaps it (see
`htmx-config` in base.html), and tests and monitoring can tell a refused form from a page view.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request

from .extensions import db
from .i18n import _
from .outage import is_disk_full
from .rules import RuleError, attach_errors

INVALID = 422


class Transaction:
    def __init__(self, form=None, mapping=None):
        self.form = form
        self.mapping = mapping
        self.ok = False
        self.errors: dict[str | None, str] = {}

    @property
    def failed(self) -> bool:
        return not self.ok

    def __enter__(self) -> "Transaction":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            try:
                db.session.commit()
            except Exception as failed:
                if not is_disk_full(failed):
                    raise
                exc = failed
            else:
                self.ok = True
                return False
        db.session.rollback()
        if is_disk_full(exc):  # nothing was saved: say so on the form, with everything typed kept
            current_app.logger.error("disk full on %s %s: %s", request.method, request.path, str(exc)[:200])
            exc = RuleError(message=_("The portal could not save this: its storage is full. Nothing was saved "
                                      "and what you typed is still here. Try again later; if it lasts, tell "
                                      "the secretariat."))
        if isinstance(exc, RuleError):
            self.errors = exc.errors
            if self.form is not None:
                attach_errors(self.form, exc.errors, self.mapping)
            else:
                for message in exc.errors.values():
                    flash(message, "error")
            return True
        return False


def transaction(form=None, *, mapping=None) -> Transaction:
    """`with transaction(form) as tx:` commit once, or roll back and show the rule errors (see module doc)."""
    return Transaction(form, mapping)


def form_status(*forms) -> int:
    """INVALID when a form sent in this request has errors, else 200."""
    if request.method != "GET" and any(f is not None and f.errors for f in forms):
        return INVALID
    return 200


def render_form(template: str, form, *, status: int | None = None, **context):
    """Render a page with its form; a POST whose form has errors is answered with INVALID."""
    return render_template(template, form=form, **context), status or form_status(form)


def see_other(url: str, message: str | None = None, category: str = "success"):
    """After a successful POST: flash, then 303 so a reload never sends the form again."""
    if message:
        flash(message, category)
    return redirect(url, 303)


def safe_next(target: str | None) -> str | None:
    """A `next` address only when it is a path on this site; None for anything that could leave it.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so `/<TAB>/evil.example` and
    `/<BACKSLASH>evil.example` are `//evil.example` to them: any control character, backslash, scheme or host is refused."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    return target
