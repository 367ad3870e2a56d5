"""The one-page submission form and the receipt pages (read, amend, withdraw with the receipt code).

Nothing here reads the client's address or browser string, and no rate limit keyed by address applies.
The receipt code is shown in the response to the form only: never in an address, a cookie or the database.
"""
from __future__ import annotations

from flask import make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ... import confirm
from ...flow import INVALID, form_status, see_other, transaction
from ...i18n import _
from .. import services
from ..access import (get_consultation_or_404, get_roundtable_or_404, get_submission_by_receipt_or_404,
                      submission_by_receipt)
from ..blueprint import bp
from ..forms import ReceiptForm, submission_form
from ..models import CONSENTS, Consultation
from ..sending import submit_once


def no_store(response, status: int = 200):
    response = make_response(response, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _questions(parent):
    return parent.questions if isinstance(parent, Consultation) else []


def respond_to(parent, template_args: dict):
    if not services.parent_is_open(parent):
        return render_template("consultations/closed.html", parent=parent, **template_args)
    form = submission_form(parent, current_user)()
    draft = services.user_draft(parent, current_user)
    if request.method == "GET":
        form.token.data = services.new_form_token()
        if draft is not None:
            form.prefill(draft)
    elif form.validate_on_submit():
        save_draft = bool(request.form.get("save_draft"))
        with transaction(form) as tx:
            sub, code = submit_once(parent, form.to_input(), current_user, form.token.data or "", draft=save_draft)
        if tx.ok and code is None:
            return see_other(request.path, _("Your draft is saved. Only you can see it; it is sent when you "
                                             "choose Send."))
        if tx.ok:
            return no_store(render_template("consultations/receipt.html", sub=sub, code=code, parent=parent,
                                            **template_args))
    return no_store(render_template("consultations/respond.html", form=form, parent=parent,
                                    questions=_questions(parent), draft=draft,
                                    max_mb=services.attachment_max_bytes() // (1024 * 1024), **template_args),
                    form_status(form))


@bp.route("/<slug>/respond", methods=["GET", "POST"])
def respond(slug):
    c = get_consultation_or_404(slug, "respond")
    return respond_to(c, {"c": c, "roundtable": None})


@bp.route("/roundtables/<int:rt_id>/respond", methods=["GET", "POST"])
def roundtable_respond(rt_id):
    rt = get_roundtable_or_404(rt_id, "respond")
    return respond_to(rt, {"c": rt.consultation, "roundtable": rt})


@bp.route("/receipt", methods=["GET", "POST"])
def receipt():
    form = ReceiptForm()
    if form.validate_on_submit():
        sub = submission_by_receipt(form.code.data)
        if sub is not None:
            return _show_receipt(sub, form.code.data)
        form.code.errors = [_("No input matches this receipt code. Check the code and try again.")]
    return no_store(render_template("consultations/receipt_lookup.html", form=form))


def _show_receipt(sub, code, form=None, status=200):
    parent = sub.parent
    if form is None:
        form = submission_form(parent, current_user, amend=True)()
        form.prefill(sub)
        form.code.data = services.normalise_code(code)
    return no_store(render_template(
        "consultations/receipt_view.html", sub=sub, parent=parent, form=form, questions=_questions(parent),
        open=services.parent_is_open(parent), consents=CONSENTS,
        c=parent if isinstance(parent, Consultation) else parent.consultation), status)


@bp.route("/receipt/amend", methods=["POST"])
def receipt_amend():
    code = request.form.get("code", "")
    sub = get_submission_by_receipt_or_404(code)
    form = submission_form(sub.parent, current_user, amend=True)()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.amend(sub, form.to_input(), actor=current_user)
        if tx.ok:
            return no_store(render_template("consultations/done.html", parent=sub.parent,
                                            message=_("Your input has been updated.")))
    return _show_receipt(sub, code, form=form, status=INVALID)


@bp.route("/receipt/withdraw", methods=["POST"])
def receipt_withdraw():
    sub = get_submission_by_receipt_or_404(request.form.get("code", ""))
    if not confirm.confirmed():
        return confirm.ask("withdraw_input", back=url_for("consultations.receipt"),
                           back_fields={"code": request.form.get("code", "")})
    parent = sub.parent
    with transaction() as tx:   # a refusal is flashed on the receipt page
        services.withdraw(sub, actor=current_user)
    if not tx.ok:
        return redirect(url_for("consultations.receipt"), 303)
    return no_store(render_template("consultations/done.html", parent=parent,
                                    message=_("Your input has been withdrawn and deleted.")))
