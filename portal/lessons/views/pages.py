"""Reading: the list of lessons learned, one lesson with its sources and discussion, an evaluation finding."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ... import audit
from ...links import linked
from ...permissions import COMMITTEE, SECRETARIAT, authorize, can
from .. import queries
from ..access import get_finding_or_404, get_lesson_or_404, may_edit
from ..blueprint import bp
from ..forms import CommentForm, InformsForm, SourceForm
from ..models import PILLARS, SOURCE_TYPES, VISIBILITY_LABELS


def _page_number() -> int:
    try:
        return int(request.args.get("page", 1))
    except ValueError:
        return 1


@bp.route("/lessons")
def index():
    authorize("public.read")
    listing = queries.visible_lessons(current_user, request.args.get("pillar") or "", _page_number())
    return render_template("lessons/index.html", lessons=listing.lessons, page=listing.page, pages=listing.pages,
                           pillar=listing.pillar, pillars=PILLARS, visibility_labels=VISIBILITY_LABELS)


@bp.route("/lessons/<int:lesson_id>")
def lesson(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id)
    visibility = queries.effective_visibility(lsn)
    if visibility in (COMMITTEE, SECRETARIAT):
        audit.record_view("lesson.viewed", lsn, actor=current_user, summary=f"visibility={visibility}")
    editable = may_edit(lsn)
    informs_form = None
    if editable:
        informs_form = InformsForm()
        informs_form.commitment_id.choices = queries.commitment_choices(current_user)
    return render_template("lessons/lesson.html", lesson=lsn, visibility=visibility,
                           sources=queries.visible_sources(lsn, current_user),
                           informs=queries.informed_commitments(lsn, current_user), comment_form=CommentForm(),
                           source_form=SourceForm() if editable else None, informs_form=informs_form,
                           may_edit=editable, pillars=PILLARS, visibility_labels=VISIBILITY_LABELS,
                           source_types=SOURCE_TYPES, may_comment=can(current_user, "lesson.comment"))


@bp.route("/findings/<int:finding_id>")
def finding(finding_id: int):
    f = get_finding_or_404(finding_id)
    return render_template("lessons/finding.html", finding=f, links=linked("evaluation_finding", f.id, current_user))
