"""The secretariat's review of lessons asking to be public: the queue, publish, return with a comment."""
from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ...flow import see_other, transaction
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_lesson_or_404
from ..blueprint import bp
from ..forms import PublishForm, ReturnForm
from .pages import render_lesson


@bp.route("/lessons/review")
def review():
    authorize("lesson.publish")
    return render_template("lessons/review.html", lessons=queries.lessons_to_review())


@bp.route("/lessons/<int:lesson_id>/publish", methods=["POST"])
def publish(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "publish")
    form = PublishForm()
    with transaction() as tx:  # a rule broken (a language missing) is flashed on the lesson's page
        services.publish_lesson(lesson, actor=current_user, one_language=form.to_input())
    if tx.ok:
        return see_other(url_for("lessons.review"), _("The lesson is public."))
    return see_other(url_for("lessons.lesson", lesson_id=lesson.id, _anchor="review"))


@bp.route("/lessons/<int:lesson_id>/return", methods=["POST"])
def return_lesson(lesson_id: int):
    lesson = get_lesson_or_404(lesson_id, "publish")
    form = ReturnForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.return_lesson(lesson, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("lessons.review"), _("The lesson is returned to its author with your comment."))
    return render_lesson(lesson, return_form=form)
