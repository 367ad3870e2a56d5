"""Public pages of consultations and roundtables, the one-page submission form and the receipt pages.

Nothing here reads the client's address or browser string, and no rate limit keyed by address applies.
"""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, \
    send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import files
from ..extensions import db
from ..rules import RuleError, attach_errors
from ..i18n import _, current_lang
from ..permissions import can, may_see
from . import queries, services
from . import submissions as subs
from .forms import build_submission_form
from .models import CONSENTS, Attachment, Consultation, Roundtable, Submission

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
api_bp = Blueprint("consultations_api", __name__)


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def get_consultation_or_404(slug: str) -> Consultation:
    c = services.by_slug(slug)
    if c is None or not may_see(current_user, c.visibility, c.owner_organisation_ids):
        abort(404)
    return c


def get_roundtable_or_404(rt_id: int) -> Roundtable:
    rt = db.session.get(Roundtable, rt_id)
    if rt is None or (rt.consultation is not None and not may_see(current_user, rt.consultation.visibility,
                                                                  rt.consultation.owner_organisation_ids)):
        abort(404)
    return rt


def get_submission_or_404(sub_id: int) -> Submission:
    sub = db.session.get(Submission, sub_id)
    if sub is None or not may_see(current_user, sub.visibility, sub.owner_organisation_ids):
        abort(404)
    return sub


def get_attachment_or_404(att_id: int) -> Attachment:
    """A file is served only to those who may see its parent: the roundtable (and its consultation's audience
    and state) or the submission. Files cannot be redacted, so a submission's never go to the public."""
    att = db.session.get(Attachment, att_id)
    if att is None:
        abort(404)
    if att.roundtable_id is not None:
        get_roundtable_or_404(att.roundtable_id)
    elif att.submission_id is not None:
        sub = get_submission_or_404(att.submission_id)
        allowed = can(current_user, "secretariat.read") or (
            sub.visibility == "committee" and can(current_user, "committee.read")) or (
            getattr(current_user, "organisation_id", None) in sub.owner_organisation_ids)
        if not allowed:
            abort(404)
    else:
        abort(404)
    return att


@bp.route("/")
def index():
    consultations = [c for c in db.session.scalars(select(Consultation).order_by(Consultation.opens_at.desc()))
                     if may_see(current_user, c.visibility, c.owner_organisation_ids)]
    roundtables = list(db.session.scalars(select(Roundtable).order_by(Roundtable.held_on.desc())))
    roundtables = [r for r in roundtables if r.consultation is None or r.consultation in consultations]
    return render_template("consultations/index.html", consultations=consultations, roundtables=roundtables)


@bp.route("/<slug>")
def view(slug):
    c = get_consultation_or_404(slug)
    roundtables = list(db.session.scalars(select(Roundtable).where(Roundtable.consultation_id == c.id)))
    return render_template("consultations/view.html", c=c, roundtables=roundtables,
                           may_respond=subs.may_respond(c, current_user))


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
    from .forms import ReceiptForm

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

@bp.route("/<slug>/submissions")
def submissions(slug):
    c = get_consultation_or_404(slug)
    items = queries.visible(queries.consultation_inputs(c), current_user)
    per_page, page = 50, max(request.args.get("page", 1, type=int), 1)
    pages = max((len(items) + per_page - 1) // per_page, 1)
    page = min(page, pages)
    return render_template("consultations/submissions.html", c=c, items=items[(page - 1) * per_page:page * per_page],
                           page=page, pages=pages, total=len(items), consents=CONSENTS,
                           shows_original=lambda s: queries.shows_original(s, current_user))


@bp.route("/submissions/<int:sub_id>")
def submission(sub_id):
    from .manage_views import submission_tools

    sub = get_submission_or_404(sub_id)
    original = queries.shows_original(sub, current_user)
    if sub.visibility != "public":
        _audit_view(sub)
    return render_template("consultations/submission.html", sub=sub, original=original, consents=CONSENTS,
                           parent=sub.parent, **submission_tools(sub))


def _audit_view(sub: Submission) -> None:
    from .. import audit

    audit.record_view("submission.viewed", sub, actor=current_user, summary=f"visibility={sub.visibility}")


@bp.route("/attachments/<int:att_id>")
def attachment(att_id):
    att = get_attachment_or_404(att_id)
    return files.send(att.file, att.filename)


@bp.route("/<slug>/what-we-heard")
def what_we_heard(slug):
    c = get_consultation_or_404(slug)
    staff = can(current_user, "committee.read")
    if c.wwh_published_at is None and not staff:
        abort(404)
    report = queries.what_we_heard(c, public=not staff)
    return render_template("consultations/what_we_heard.html", c=c, report=report)


@bp.route("/roundtables/<int:rt_id>")
def roundtable(rt_id):
    rt = get_roundtable_or_404(rt_id)
    atts = list(db.session.scalars(select(Attachment).where(Attachment.roundtable_id == rt.id)))
    return render_template("consultations/roundtable.html", rt=rt, rt_attachments=lambda _rt: atts,
                           may_respond=subs.may_respond(rt, current_user) and subs.parent_is_open(rt))


from . import api, manage_views  # noqa: E402,F401  (routes registered on bp and api_bp)
