"""Public pages of consultations and roundtables: the paper, input received, what we heard, files.

Nothing here reads the client's address or browser string, and no rate limit keyed by address applies.
"""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ... import audit, files
from ...extensions import db
from ...permissions import can, may_see
from .. import queries
from .. import submissions as subs
from ..access import get_attachment_or_404, get_consultation_or_404, get_roundtable_or_404, get_submission_or_404
from ..blueprint import bp
from ..models import CONSENTS, Attachment, Consultation, Roundtable, Submission
from .moderation import submission_tools


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
    sub = get_submission_or_404(sub_id)
    original = queries.shows_original(sub, current_user)
    if sub.visibility != "public":
        _audit_view(sub)
    return render_template("consultations/submission.html", sub=sub, original=original, consents=CONSENTS,
                           parent=sub.parent, **submission_tools(sub))


def _audit_view(sub: Submission) -> None:
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


