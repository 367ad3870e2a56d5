"""Moderation queue, and the forms on a submission's page: moderate, tag with a theme, link to a commitment."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ...extensions import db
from ...i18n import _, localized
from ...links import add_link, linked, resolve
from ...permissions import authorize, can
from .. import queries
from .. import submissions as subs
from ..access import get_submission_or_404
from ..blueprint import bp
from ..forms import LinkForm, ModerationForm, TagForm
from ..models import CONSENTS, Submission, Theme


@bp.route("/moderation")
def moderation():
    authorize("submission.moderate")
    return render_template("consultations/moderation.html", items=queries.moderation_queue())


def submission_tools(sub: Submission) -> dict:
    """Forms shown on a submission's page to those who may use them."""
    tools = {}
    answers = [(0, _("The whole submission"))] + [(a.id, a.question.ref) for a in sub.answers]
    if can(current_user, "submission.moderate") and sub.status == "submitted":
        form = ModerationForm(prefix="mod")
        form.answer_id.choices = answers[1:] + [(0, _("General comments"))]
        tools["moderation_form"] = form
    consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
    if can(current_user, "submission.tag") and consultation is not None and any(t.active for t in consultation.themes):
        form = TagForm(prefix="tag")
        form.theme_id.choices = [(t.id, f"{t.code} — {localized(t, 'label')}") for t in consultation.themes
                                 if t.active]
        form.answer_id.choices = answers
        tools["tag_form"] = form
    if can(current_user, "consultation.manage"):
        tools["link_form"] = LinkForm(prefix="link")
    tools["links"] = linked("submission", sub.id, current_user)
    return tools


@bp.route("/submissions/<int:sub_id>/moderate", methods=["POST"])
def moderate(sub_id):
    authorize("submission.moderate")
    sub = get_submission_or_404(sub_id)
    form = ModerationForm(prefix="mod")
    form.answer_id.choices = [(0, "")] + [(a.id, a.question.ref) for a in sub.answers]
    if form.validate_on_submit():
        try:
            subs.moderate(sub, form.action.data, current_user, reason=form.reason.data or "",
                          passage=form.passage.data or "", answer_id=form.answer_id.data or None)
            db.session.commit()
            flash(_("The moderation decision is recorded."), "success")
            return redirect(url_for("consultations.submission", sub_id=sub.id), 303)
        except ValueError as exc:
            db.session.rollback()
            form.reason.errors = [str(exc)]
    tools = submission_tools(sub)
    tools["moderation_form"] = form
    return render_template("consultations/submission.html", sub=sub, original=True, consents=CONSENTS,
                           parent=sub.parent, **tools), 400


@bp.route("/submissions/<int:sub_id>/tags", methods=["POST"])
def tag(sub_id):
    authorize("submission.tag")
    sub = get_submission_or_404(sub_id)
    form = TagForm(prefix="tag")
    consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
    # Retired themes are not offered, so posting one fails validation ("Choose a theme.").
    form.theme_id.choices = [(t.id, t.code) for t in (consultation.themes if consultation else []) if t.active]
    form.answer_id.choices = [(0, "")] + [(a.id, a.question.ref) for a in sub.answers]
    if form.validate_on_submit():
        theme = db.session.get(Theme, form.theme_id.data)
        try:
            subs.tag(sub, theme, current_user, answer_id=form.answer_id.data or None, excerpt=form.excerpt.data or "",
                     quote=form.quote.data)
            db.session.commit()
            flash(_("The theme is recorded."), "success")
        except ValueError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash(_("Choose a theme."), "error")
    return redirect(url_for("consultations.submission", sub_id=sub.id), 303)


@bp.route("/submissions/<int:sub_id>/link", methods=["POST"])
def link(sub_id):
    authorize("consultation.manage")
    sub = get_submission_or_404(sub_id)
    form = LinkForm(prefix="link")
    if form.validate_on_submit():
        if resolve("commitment", form.commitment_id.data) is None:
            flash(_("No commitment has this number."), "error")
        else:
            add_link("submission", sub.id, "commitment", form.commitment_id.data, "informs", actor=current_user)
            db.session.commit()
            flash(_("The submission is linked to the commitment it informs."), "success")
    return redirect(url_for("consultations.submission", sub_id=sub.id), 303)


