"""Writing: record a lesson (from any source page), edit it, discuss it, cite sources, link commitments."""
from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from ... import confirm
from ...flow import render_form, see_other, transaction
from ...i18n import _
from ...links import resolve
from ...permissions import COMMITTEE, SECRETARIAT, authorize, may_see
from .. import services
from ..access import get_lesson_or_404, get_source_link_or_404, get_source_ref_or_404
from ...guards import int_arg
from ..blueprint import bp
from ..forms import CommentForm, InformsForm, LessonForm, SourceForm
from .pages import render_lesson


def _source_from(args):
    """The record a new lesson is started from (?source_type=...&source_id=...), if any: 404 if not visible."""
    source_type = args.get("source_type") or ""
    source_id = int_arg("source_id", 0, args=args)
    if not source_type or not source_id:
        return None, None
    return (source_type, source_id), get_source_ref_or_404(source_type, source_id)


def _lesson_url(lesson_id: int, anchor: str = "") -> str:
    return url_for("lessons.lesson", lesson_id=lesson_id) + (f"#{anchor}" if anchor else "")


@bp.route("/lessons/new", methods=["GET", "POST"])
def new():
    authorize("lesson.create")
    form = LessonForm()
    source, ref = _source_from(request.form if request.method == "POST" else request.args)
    if request.method == "GET":
        form.visibility.data = ref.visibility if ref and ref.visibility in (COMMITTEE, SECRETARIAT) else COMMITTEE
        if source:
            form.source_type.data, form.source_id.data = source
            form.excerpt.data = (request.args.get("excerpt") or "")[:5000]
            if request.args.get("excerpt_lang") in ("fr", "en"):   # quoted from a submission in that language
                form.excerpt_lang.data = request.args["excerpt_lang"]
    if form.validate_on_submit():
        with transaction(form) as tx:
            lesson = services.create_lesson(form.to_input(), actor=current_user, sources=form.sources(source))
        if tx.ok:
            return see_other(_lesson_url(lesson.id), _("Lesson learned recorded."))
    return render_form("lessons/lesson_form.html", form, lesson=None, source_ref=ref)


@bp.route("/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
def edit(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "edit")
    form = LessonForm(obj=lesson)
    if request.method == "GET":
        form.pillar.data = lesson.pillar or ""
        form.jurisdiction_code.data = lesson.jurisdiction_code or ""
    if form.validate_on_submit():
        with transaction(form) as tx:
            changes = services.update_lesson(lesson, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(_lesson_url(lesson.id), _("Lesson saved.") if changes else _("Nothing changed."))
    return render_form("lessons/lesson_form.html", form, lesson=lesson, source_ref=None)


@bp.route("/lessons/<int:lesson_id>/comments", methods=["POST"])
def comment(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "comment")
    back = _lesson_url(lesson.id, "comments")
    form = CommentForm()
    if not form.validate_on_submit():
        return see_other(back, _("Write a comment first."), "error")
    with transaction() as tx:  # a rule broken is flashed on the lesson's page
        services.add_comment(lesson, form.to_input(), actor=current_user)
    return see_other(back, _("Comment added.") if tx.ok else None)


@bp.route("/lessons/<int:lesson_id>/sources", methods=["POST"])
def source_add(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "edit")
    form = SourceForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_source(lesson, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(_lesson_url(lesson.id, "sources"),
                             _("Source added. The lesson's visibility follows its most confidential source."))
    return render_lesson(lesson, source_form=form)


@bp.route("/lessons/<int:lesson_id>/sources/<int:link_id>/delete", methods=["POST"])
def source_remove(lesson_id: int, link_id: int):
    lesson = get_lesson_or_404(lesson_id, "edit")
    link = get_source_link_or_404(lesson, link_id)
    if not confirm.confirmed():
        ref = resolve(link.source_type, link.source_id)
        named = ref is not None and may_see(current_user, ref.visibility, ref.owner_org_ids)
        return confirm.ask("remove_source", what=ref.title if named else _("a source you may not see"),
                           back=_lesson_url(lesson.id, "sources"))
    with transaction():
        services.remove_source(lesson, link, actor=current_user)
    return see_other(_lesson_url(lesson.id, "sources"), _("Source removed."))


@bp.route("/lessons/<int:lesson_id>/commitments", methods=["POST"])
def informs(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "edit")
    form = InformsForm()
    if form.validate_on_submit():
        with transaction(form, mapping={"commitment_id": "commitment"}) as tx:
            services.link_commitment(lesson, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(_lesson_url(lesson.id, "informs"), _("The lesson is now linked to the commitment it informs."))
    return render_lesson(lesson, informs_form=form)
