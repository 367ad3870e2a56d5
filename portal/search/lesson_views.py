"""Lessons learned pages: list, view, new (from any source page), edit, comments, sources, commitments."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..i18n import _
from ..links import Link, linked, resolve
from ..permissions import COMMITTEE, SECRETARIAT, authorize, can, may_see, visibility_levels
from . import services
from .forms import CommentForm, InformsForm, LessonForm, SourceForm
from .models import PILLARS, SOURCE_TYPES, VISIBILITY_LABELS, Lesson
from .views import bp

PAGE_SIZE = 25


def get_lesson_or_404(lesson_id: int, action: str | None = None) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or not may_see(current_user, services.effective_visibility(lesson)):
        abort(404)  # confidential lessons are not revealed to those who may not see them
    if action == "edit" and not may_edit(lesson):
        abort(403 if current_user.is_authenticated else 401)
    if action is not None and action != "edit":
        authorize(action, lesson)
    return lesson


def may_edit(lesson: Lesson) -> bool:
    if not can(current_user, "lesson.create"):
        return False
    return can(current_user, "secretariat.read") or lesson.created_by_id == current_user.id


def _commitment_choices() -> list[tuple[int, str]]:
    """Commitments the user may see, from the index (the commitments feature owns their model)."""
    from .engine import SearchParams
    from .index import SearchUnavailable
    from .views import run_search

    try:
        result = run_search(SearchParams(q="", filters={"type": "commitment"}, per_page=200, facets=False,
                                         highlights=False, suggest=False, sort="recent"))
    except SearchUnavailable:
        return []
    return [(h.obj_id, h.title) for h in result.hits]


@bp.route("/lessons")
def lessons():
    authorize("public.read")
    levels = visibility_levels(current_user)
    stmt = select(Lesson).where(Lesson.visibility.in_(levels))
    pillar = request.args.get("pillar") or ""
    if pillar in PILLARS:
        stmt = stmt.where(Lesson.pillar == pillar)
    rows = [lsn for lsn in db.session.scalars(stmt.order_by(Lesson.updated_at.desc(), Lesson.id.desc()))
            if services.effective_visibility(lsn) in levels]
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(page, pages)
    return render_template("search/lessons.html", lessons=rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
                           page=page, pages=pages, pillar=pillar, pillars=PILLARS, visibility_labels=VISIBILITY_LABELS)


def _source_from_args(args):
    source_type = args.get("source_type") or ""
    try:
        source_id = int(args.get("source_id") or 0)
    except ValueError:
        source_id = 0
    if not source_type or not source_id:
        return None, None
    ref = resolve(source_type, source_id)
    if ref is None or not may_see(current_user, ref.visibility, ref.owner_org_ids):
        abort(404)
    return (source_type, source_id), ref


@bp.route("/lessons/new", methods=["GET", "POST"])
def lesson_new():
    authorize("lesson.create")
    form = LessonForm()
    source, ref = _source_from_args(request.form if request.method == "POST" else request.args)
    if request.method == "GET":
        form.visibility.data = ref.visibility if ref and ref.visibility in (COMMITTEE, SECRETARIAT) else COMMITTEE
        if source:
            form.source_type.data, form.source_id.data = source
            form.excerpt.data = (request.args.get("excerpt") or "")[:5000]
    if form.validate_on_submit():
        sources = [(source[0], source[1], (form.excerpt.data or "").strip() or None)] if source else []
        try:
            lesson = services.create_lesson(form.lesson_data(), actor=current_user, sources=sources)
        except services.LessonError as exc:
            form.visibility.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Lesson learned recorded."), "success")
            return redirect(url_for("search.lesson", lesson_id=lesson.id), 303)
    return render_template("search/lesson_form.html", form=form, lesson=None, source_ref=ref)


@bp.route("/lessons/<int:lesson_id>")
def lesson(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id)
    visibility = services.effective_visibility(lsn)
    if visibility in (COMMITTEE, SECRETARIAT):
        audit.record_view("lesson.viewed", lsn, actor=current_user, summary=f"visibility={visibility}")
    sources = []
    for link in services.source_links(lsn):
        ref = resolve(link.source_type, link.source_id)
        if ref is not None and may_see(current_user, ref.visibility, ref.owner_org_ids):
            sources.append((link, ref))
    informs = [(lk, ref) for lk, ref in linked("lesson", lsn.id, current_user, relation=services.INFORMS)]
    informs_form = None
    if may_edit(lsn):
        informs_form = InformsForm()
        informs_form.commitment_id.choices = _commitment_choices()
    return render_template("search/lesson.html", lesson=lsn, visibility=visibility, sources=sources,
                           informs=informs, comment_form=CommentForm(), source_form=SourceForm() if may_edit(lsn) else None,
                           informs_form=informs_form, may_edit=may_edit(lsn), pillars=PILLARS,
                           visibility_labels=VISIBILITY_LABELS, source_types=SOURCE_TYPES,
                           may_comment=can(current_user, "lesson.comment"))


@bp.route("/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
def lesson_edit(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id, "edit")
    form = LessonForm(obj=lsn)
    if request.method == "GET":
        form.pillar.data = lsn.pillar or ""
        form.jurisdiction_code.data = lsn.jurisdiction_code or ""
    if form.validate_on_submit():
        try:
            changes = services.update_lesson(lsn, form.lesson_data(), actor=current_user)
        except services.LessonError as exc:
            form.visibility.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Lesson saved.") if changes else _("Nothing changed."), "success")
            return redirect(url_for("search.lesson", lesson_id=lsn.id), 303)
    return render_template("search/lesson_form.html", form=form, lesson=lsn, source_ref=None)


@bp.route("/lessons/<int:lesson_id>/comments", methods=["POST"])
def lesson_comment(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id)
    authorize("lesson.comment")
    form = CommentForm()
    if form.validate_on_submit():
        services.add_comment(lsn, form.body.data, actor=current_user)
        db.session.commit()
        flash(_("Comment added."), "success")
    else:
        flash(_("Write a comment first."), "error")
    return redirect(url_for("search.lesson", lesson_id=lsn.id) + "#comments", 303)


@bp.route("/lessons/<int:lesson_id>/sources", methods=["POST"])
def lesson_source_add(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id, "edit")
    form = SourceForm()
    if form.validate_on_submit():
        try:
            services.add_source(lsn, form.source_type.data, form.source_id.data, form.excerpt.data or None,
                                actor=current_user)
        except services.LessonError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Source added. The lesson's visibility follows its most confidential source."), "success")
    else:
        flash(_("Choose the type and number of the source."), "error")
    return redirect(url_for("search.lesson", lesson_id=lsn.id) + "#sources", 303)


@bp.route("/lessons/<int:lesson_id>/sources/<int:link_id>/delete", methods=["POST"])
def lesson_source_remove(lesson_id: int, link_id: int):
    lsn = get_lesson_or_404(lesson_id, "edit")
    link = db.session.get(Link, link_id)
    if link is None or link.target_type != "lesson" or link.target_id != lsn.id:
        abort(404)
    services.remove_source(lsn, link, actor=current_user)
    db.session.commit()
    flash(_("Source removed."), "success")
    return redirect(url_for("search.lesson", lesson_id=lsn.id) + "#sources", 303)


@bp.route("/lessons/<int:lesson_id>/commitments", methods=["POST"])
def lesson_informs(lesson_id: int):
    lsn = get_lesson_or_404(lesson_id, "edit")
    try:
        commitment_id = int(request.form.get("commitment_id") or 0)
        services.link_commitment(lsn, commitment_id, actor=current_user)
    except (ValueError, services.LessonError):
        flash(_("That commitment was not found."), "error")
    else:
        db.session.commit()
        flash(_("The lesson is now linked to the commitment it informs."), "success")
    return redirect(url_for("search.lesson", lesson_id=lsn.id) + "#informs", 303)
