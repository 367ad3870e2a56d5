"""Public pages of consultations and roundtables: the paper, input received, what we heard, files."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from ... import audit, files
from ...guards import page_arg
from ...i18n import _l
from ...permissions import can
from .. import queries, services
from ...links import linked
from ..access import (get_attachment_or_404, get_consultation_or_404, get_roundtable_or_404, get_submission_or_404,
                      may_see_submission, our_organisation_or_403)
from ..blueprint import bp
from ..forms import AttachmentForm, EvaluationForm, KeyPointForm
from ..models import CONSENTS, QUESTION_KINDS
from .moderation import render_submission


@bp.route("/")
def index():
    return render_template("consultations/index.html", consultations=queries.visible_consultations(current_user),
                           roundtables=queries.visible_roundtables(current_user))


@bp.route("/<slug>")
def view(slug):
    c = get_consultation_or_404(slug)
    return render_template("consultations/view.html", c=c, roundtables=queries.visible_roundtables(current_user, c),
                           may_respond=services.may_respond(c, current_user), kinds=QUESTION_KINDS)


@bp.route("/<slug>/submissions")
def submissions(slug):
    c = get_consultation_or_404(slug)
    items = queries.visible(queries.consultation_inputs(c), current_user)
    page = queries.page_of(items, page_arg())
    html = render_template("consultations/submissions.html", c=c, items=page.items, page=page.page,
                           pages=page.pages, total=page.total, consents=CONSENTS,
                           shows_original=lambda s: queries.shows_original(s, current_user))
    audit.record_read("consultation.submissions_read", c, actor=current_user,
                      visibilities=[s.visibility for s in page.items], what=_l("input list page %(page)s", page=str(page.page)))
    return html


@bp.route("/submissions/<int:sub_id>")
def submission(sub_id):
    sub = get_submission_or_404(sub_id)
    if sub.visibility != "public":
        audit.record_view("submission.viewed", sub, actor=current_user, summary=f"visibility={sub.visibility}")
    return render_submission(sub)


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
    report = queries.what_we_heard(c, exact=queries.sees_exact_counts(current_user))
    return render_template("consultations/what_we_heard.html", c=c, report=report)


@bp.route("/roundtables/<int:rt_id>")
def roundtable(rt_id):
    rt = get_roundtable_or_404(rt_id)
    page = render_roundtable(rt)
    audit.record_read("roundtable.viewed", rt, actor=current_user, visibilities=[rt.visibility])
    return page


def render_roundtable(rt, *, status: int = 200, **forms):
    """The roundtable's page; its managers' forms (key point, evaluation, document) come back with their
    errors when one was refused."""
    tools = {}
    if can(current_user, "roundtable.manage"):
        tools = {"key_point_form": KeyPointForm(formdata=None), "evaluation_form": EvaluationForm(formdata=None),
                 "attachment_form": AttachmentForm(formdata=None)}
        tools.update(forms)
    exact = queries.sees_exact_counts(current_user)
    attendance, attendance_total = queries.attendance(rt, exact)
    return render_template("consultations/roundtable.html", rt=rt, documents=queries.roundtable_documents(rt),
                           informed=queries.key_point_outcomes(rt, current_user),
                           wwh_shown=queries.what_we_heard_shown(rt, current_user),
                           attendance=attendance, attendance_total=attendance_total, attendance_exact=exact,
                           may_respond=services.may_respond(rt, current_user) and services.parent_is_open(rt),
                           **tools), status


@bp.route("/our-input")
def our_input():
    """The input sent in the name of the person's organisation and what happened to each."""
    org_id = our_organisation_or_403()
    rows = [(s, queries.outcomes(s, linked("submission", s.id, current_user)))
            for s in queries.organisation_inputs(org_id, current_user) if may_see_submission(current_user, s)]
    return render_template("consultations/our_input.html", rows=rows, organisation=current_user.organisation)
