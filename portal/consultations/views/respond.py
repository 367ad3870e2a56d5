"""The one-page submission form and the receipt pages (read, amend, withdraw with the receipt code).

Nothing here reads the client's address or browser string, and no rate limit keyed by address applies.
"""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...i18n import _, current_lang
from ...permissions import can
from ...rules import RuleError, attach_errors
from .. import submissions as subs
from ..access import get_consultation_or_404, get_roundtable_or_404
from ..blueprint import bp
from ..forms import ReceiptForm, build_submission_form
from ..models import CONSENTS, Consultation, Submission


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


# -- the submission form ---------------------------------------------------------------------------------

def _questions(parent):
    return parent.questions if isinstance(parent, Consultation) else []


def _form_class(parent, amend=False):
    user = current_user
    org_ok = bool(getattr(user, "organisation_id", None)) and can(user, "submission.for_org")
    return build_submission_form(_questions(parent), current_lang(), user, for_org_allowed=org_ok,
                                 on_behalf_allowed=can(user, "submission.on_behalf"), amend=amend)


def _input_from(form, parent) -> subs.Input:
    data = subs.Input(body=form.body.data or "", language=form.language.data or current_lang(),
                      consent=form.consent.data or "", category_id=form.category_id.data or None,
                      attribution_name=form.attribution_name.data or "",
                      for_org=bool(getattr(form, "for_org", None) and form.for_org.data),
                      on_behalf=bool(getattr(form, "on_behalf", None) and form.on_behalf.data),
                      attested=bool(getattr(form, "attested", None) and form.attested.data))
    for q in _questions(parent):
        main = form[f"q_{q.id}"].data or ""
        if q.kind == "long":
            data.answers[q.id] = (main, "")
        else:
            data.answers[q.id] = (form[f"c_{q.id}"].data or "", main if main not in ("None",) else "")
    upload = request.files.get(form.attachment.name)
    if upload is not None and upload.filename:
        data.uploads.append(subs.check_attachment(upload))
    return data


def _prefill(form, sub: Submission, parent):
    form.body.data, form.language.data, form.consent.data = sub.body, sub.language, sub.consent
    form.category_id.data = sub.stakeholder_category_id or 0
    form.attribution_name.data = sub.attribution_name
    if hasattr(form, "for_org"):
        form.for_org.data = bool(sub.organisation_id) and not sub.on_behalf
    for q in _questions(parent):
        a = sub.answer_for(q.id)
        if a is None:
            continue
        if q.kind == "long":
            form[f"q_{q.id}"].data = a.text
        else:
            form[f"q_{q.id}"].data, form[f"c_{q.id}"].data = a.value, a.text


def respond_to(parent, template_args: dict):
    if not subs.may_respond(parent, current_user):
        abort(401 if not current_user.is_authenticated else 403)
    if not subs.parent_is_open(parent):
        return render_template("consultations/closed.html", parent=parent, **template_args)
    form = _form_class(parent)()
    draft = subs.user_draft(parent, current_user)
    if request.method == "GET":
        form.token.data = subs.new_form_token()
        if draft is not None:
            _prefill(form, draft, parent)
    elif form.validate_on_submit():
        token = form.token.data or ""
        try:
            data = _input_from(form, parent)
            sub, code, _created = subs.submit(parent, data, current_user, token,
                                              draft=bool(request.form.get("save_draft")))
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        except ValueError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        except IntegrityError:
            # The same form arrived twice at the same moment: the other request stored it.
            db.session.rollback()
            sub, code = subs.by_token(token), subs.receipt_code_for(token)
            if sub is None:
                raise
        else:
            if code is None:
                flash(_("Your draft is saved. Only you can see it; it is sent when you choose Send."), "success")
                return redirect(request.path, 303)
        if not form.errors and not form.form_errors:
            # The receipt code is shown in this response only: never in an address, a cookie or the database.
            return no_store(make_response(render_template("consultations/receipt.html", sub=sub, code=code,
                                                          parent=parent, **template_args)))
    return no_store(make_response(render_template("consultations/respond.html", form=form, parent=parent,
                                                  questions=_questions(parent), draft=draft,
                                                  max_mb=subs.attachment_max_bytes() // (1024 * 1024), **template_args)))


@bp.route("/<slug>/respond", methods=["GET", "POST"])
def respond(slug):
    c = get_consultation_or_404(slug)
    return respond_to(c, {"c": c, "roundtable": None})


@bp.route("/roundtables/<int:rt_id>/respond", methods=["GET", "POST"])
def roundtable_respond(rt_id):
    rt = get_roundtable_or_404(rt_id)
    return respond_to(rt, {"c": rt.consultation, "roundtable": rt})


# -- receipt code: read, amend, withdraw -------------------------------------------------------------------

@bp.route("/receipt", methods=["GET", "POST"])
def receipt():
    form = ReceiptForm()
    if form.validate_on_submit():
        sub = subs.by_receipt(form.code.data)
        if sub is None:
            form.code.errors = [_("No input matches this receipt code. Check the code and try again.")]
        else:
            return _show_receipt(sub, form.code.data)
    return no_store(make_response(render_template("consultations/receipt_lookup.html", form=form)))


def _show_receipt(sub, code, form=None, status=200):
    parent = sub.parent
    if form is None:
        form = _form_class(parent, amend=True)()
        _prefill(form, sub, parent)
        form.code.data = subs.normalise_code(code)
    return no_store(make_response(render_template(
        "consultations/receipt_view.html", sub=sub, parent=parent, form=form, questions=_questions(parent),
        open=subs.parent_is_open(parent), consents=CONSENTS,
        c=parent if isinstance(parent, Consultation) else parent.consultation), status))


@bp.route("/receipt/amend", methods=["POST"])
def receipt_amend():
    code = request.form.get("code", "")
    sub = subs.by_receipt(code)
    if sub is None:
        abort(404)
    form = _form_class(sub.parent, amend=True)()
    if form.validate_on_submit():
        try:
            subs.amend(sub, _input_from(form, sub.parent), actor=current_user)
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            attach_errors(form, exc.errors)
        except ValueError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            return no_store(make_response(render_template("consultations/done.html", parent=sub.parent,
                                                          message=_("Your input has been updated."))))
    return _show_receipt(sub, code, form=form, status=400)


@bp.route("/receipt/withdraw", methods=["POST"])
def receipt_withdraw():
    sub = subs.by_receipt(request.form.get("code", ""))
    if sub is None:
        abort(404)
    parent = sub.parent
    try:
        subs.withdraw(sub, actor=current_user)
        db.session.commit()
    except ValueError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("consultations.receipt"), 303)
    return no_store(make_response(render_template("consultations/done.html", parent=parent,
                                                  message=_("Your input has been withdrawn and deleted."))))


# -- reading input -----------------------------------------------------------------------------------------

