"""Reading: the list of lessons learned, one lesson with its sources and discussion, an evaluation finding."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ... import audit, parity
from ...flow import form_status
from ...links import linked
from ...permissions import COMMITTEE, SECRETARIAT, authorize, can
from ...guards import page_arg
from ...i18n import _l
from ...pickers import lookup_response
from .. import queries
from ..access import get_finding_or_404, get_lesson_or_404, may_edit
from ..blueprint import bp
from ..forms import CommentForm, InformsForm, ReturnForm, SourceForm
from ..services.review import PAIRED
from ..models import PILLARS, REVIEW_LABELS, SOURCE_TYPES, SUBMITTED, VISIBILITY_LABELS


def _page_number() -> int:
    return page_arg()


@bp.route("/lessons")
def index():
    authorize("public.read")
    listing = queries.visible_lessons(current_user, request.args.get("pillar") or "", _page_number())
    html = render_template("lessons/index.html", lessons=listing.lessons, page=listing.page, pages=listing.pages,
                           pillar=listing.pillar, pillars=PILLARS, visibility_labels=VISIBILITY_LABELS)
    audit.record_read("lesson.list_read", None, actor=current_user, object_type="lessons",
                      visibilities=[queries.effective_visibility(lsn) for lsn in listing.lessons],
                      what=_l("list page %(page)s", page=str(listing.page)))
    return html


@bp.route("/lessons/<int:lesson_id>")
def lesson(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id)
    visibility = queries.effective_visibility(lsn)
    if visibility in (COMMITTEE, SECRETARIAT):
        audit.record_view("lesson.viewed", lsn, actor=current_user, summary=_l("read at the level “%(visibility)s”", visibility=VISIBILITY_LABELS.get(visibility, visibility)))
    return render_lesson(lsn)


def render_lesson(lsn, **forms):
    """A lesson's page with the forms its reader may use (a refused one given in `forms`, kept as typed)."""
    editable = may_edit(lsn)
    tools = {"comment_form": CommentForm(formdata=None), "source_form": None, "informs_form": None}
    if editable:
        tools.update(source_form=SourceForm(formdata=None), informs_form=InformsForm(formdata=None))
    may_review = can(current_user, "lesson.publish") and lsn.review_state == SUBMITTED
    tools["return_form"] = ReturnForm(formdata=None) if may_review else None
    tools["missing_languages"] = [label for _n, label in parity.missing(lsn, PAIRED)] if may_review else []
    tools.update(forms)
    return render_template("lessons/lesson.html", lesson=lsn, visibility=queries.effective_visibility(lsn),
                           sources=queries.visible_sources(lsn, current_user),
                           informs=queries.informed_commitments(lsn, current_user), may_edit=editable,
                           pillars=PILLARS, visibility_labels=VISIBILITY_LABELS, source_types=SOURCE_TYPES,
                           may_comment=can(current_user, "lesson.comment"), review_labels=REVIEW_LABELS,
                           may_review=may_review, **tools), form_status(*forms.values())


@bp.route("/lessons/sources/lookup")
def source_lookup():
    """The record picker's matches among the records of one type a lesson may cite (portal/pickers.py)."""
    authorize("lesson.create")
    kind = request.args.get("source-source_type") or request.args.get("type") or ""
    return lookup_response(kind if kind in SOURCE_TYPES else "")


@bp.route("/findings/<int:finding_id>")
def finding(finding_id: int):
    f = get_finding_or_404(finding_id)
    html = render_template("lessons/finding.html", finding=f, links=linked("evaluation_finding", f.id, current_user))
    audit.record_read("evaluation_finding.viewed", f, actor=current_user, visibilities=[f.visibility])
    return html
