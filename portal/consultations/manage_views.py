"""Secretariat and committee pages: building papers, moderation, themes, what we heard, exports, roundtables."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import audit, files
from ..auth.models import Organisation
from ..extensions import db
from ..i18n import _, localized
from ..links import add_link
from ..permissions import authorize, can
from ..rules import RuleError
from . import queries, services
from . import submissions as subs
from .forms import (AttachmentForm, CategoryForm, ConsultationForm, EvaluationForm, KeyPointForm, LinkForm,
                    ModerationForm, PaperForm, RoundtableForm, TagForm, ThemeEditForm, ThemeForm, WhatWeHeardForm,
                    to_toronto,
                    to_utc)
from .models import Attachment, Consultation, KeyPoint, StakeholderCategory, Submission, Theme
from .paper import PaperError, parse
from .views import bp, get_consultation_or_404, get_roundtable_or_404, get_submission_or_404


def _org_choices():
    return [(o.id, o.short_name) for o in db.session.scalars(select(Organisation).order_by(Organisation.short_name))]


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<slug>/edit", methods=["GET", "POST"], endpoint="edit")
def new(slug=None):
    authorize("consultation.manage")
    c = get_consultation_or_404(slug) if slug else None
    form = ConsultationForm(obj=c)
    form.invited_org_ids.choices = _org_choices()
    if request.method == "GET" and c is not None:
        form.opens_at.data, form.closes_at.data = to_toronto(c.opens_at), to_toronto(c.closes_at)
        form.invited_org_ids.data = [o.id for o in c.invited_orgs]
    if form.validate_on_submit():
        data = {k: form[k].data for k in ("slug", "title_fr", "title_en", "summary_fr", "summary_en", "audience",
                                          "retention_days")}
        data["opens_at"], data["closes_at"] = to_utc(form.opens_at.data), to_utc(form.closes_at.data)
        other = services.by_slug(data["slug"])
        if other is not None and other is not c:
            form.slug.errors = [_("Another consultation already uses this short name.")]
        else:
            try:
                orgs = [db.session.get(Organisation, i) for i in form.invited_org_ids.data or []]
                c = services.save_consultation(data, current_user, c, invited_orgs=orgs)
                db.session.commit()
                flash(_("The consultation is saved."), "success")
                return redirect(url_for("consultations.view", slug=c.slug), 303)
            except ValueError as exc:
                db.session.rollback()
                form.closes_at.errors = [str(exc)]
    return render_template("consultations/edit.html", form=form, c=c)


def _paper_markdown(c: Consultation, lang: str) -> str:
    lines = [f"# {getattr(c, 'title_' + lang)}", "", getattr(c, "summary_" + lang), ""]
    for s in c.sections:
        lines += [f"## {getattr(s, 'title_' + lang)}", "", getattr(s, "body_" + lang), "", "### Questions", ""]
        for q in s.questions:
            marker = {"scale": "[scale] ", "yesno": "[yes/no] "}.get(q.kind, "")
            if q.kind == "choice":
                marker = "[choice: " + " | ".join(label for _c, label in q.choice_list(lang)) + "] "
            lines.append(f"- {marker}{getattr(q, 'text_' + lang)}")
        lines.append("")
    return "\n".join(lines)


@bp.route("/<slug>/paper", methods=["GET", "POST"])
def paper(slug):
    authorize("consultation.manage")
    c = get_consultation_or_404(slug)
    form = PaperForm()
    if request.method == "GET":
        form.paper_fr.data, form.paper_en.data = _paper_markdown(c, "fr"), _paper_markdown(c, "en")
    if form.validate_on_submit():
        try:
            services.apply_paper(c, parse(form.paper_fr.data), "fr", parse(form.paper_en.data), current_user)
            db.session.commit()
            flash(_("The discussion paper is saved."), "success")
            return redirect(url_for("consultations.view", slug=c.slug), 303)
        except PaperError as exc:
            db.session.rollback()
            form.paper_fr.errors = [str(exc)]
    return render_template("consultations/paper.html", form=form, c=c)


@bp.route("/<slug>/themes", methods=["GET", "POST"])
def themes(slug):
    authorize("submission.tag")
    c = get_consultation_or_404(slug)
    form = ThemeForm()
    if request.method == "POST":
        authorize("consultation.manage")
        if form.validate_on_submit():
            try:
                services.add_theme(c, form.data, current_user)
                db.session.commit()
                flash(_("The theme is added to the code book."), "success")
                return redirect(url_for("consultations.themes", slug=c.slug), 303)
            except ValueError as exc:
                db.session.rollback()
                form.code.errors = [str(exc)]
    return render_template("consultations/themes.html", c=c, form=form, usage=queries.theme_usage(c))


def _theme_or_404(c: Consultation, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.consultation_id != c.id:
        abort(404)
    return theme


@bp.route("/<slug>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
def theme_edit(slug, theme_id):
    authorize("consultation.manage")
    c = get_consultation_or_404(slug)
    theme = _theme_or_404(c, theme_id)
    form = ThemeEditForm(obj=theme)
    if form.validate_on_submit():
        try:
            services.update_theme(theme, form.data, current_user)
            db.session.commit()
            flash(_("The theme is updated."), "success")
            return redirect(url_for("consultations.themes", slug=c.slug), 303)
        except ValueError as exc:
            db.session.rollback()
            form.label_en.errors = [str(exc)]
    return render_template("consultations/theme_edit.html", c=c, theme=theme, form=form), \
        400 if form.errors else 200


@bp.route("/<slug>/themes/<int:theme_id>/toggle", methods=["POST"])
def theme_toggle(slug, theme_id):
    authorize("consultation.manage")
    c = get_consultation_or_404(slug)
    theme = _theme_or_404(c, theme_id)
    services.set_theme_active(theme, not theme.active, current_user)
    db.session.commit()
    flash(_("The theme is retired: it is no longer offered for new tags.") if not theme.active
          else _("The theme is offered again for new tags."), "success")
    return redirect(url_for("consultations.themes", slug=c.slug), 303)


@bp.route("/categories", methods=["GET", "POST"])
def categories():
    authorize("consultation.manage")
    form = CategoryForm()
    if form.validate_on_submit():
        if services.category_by_code(form.code.data):
            form.code.errors = [_("This code is already used.")]
        else:
            services.save_category({"code": form.code.data, "name_fr": form.name_fr.data,
                                    "name_en": form.name_en.data,
                                    "position": len(StakeholderCategory.ordered(False))}, current_user)
            db.session.commit()
            flash(_("The category is added."), "success")
            return redirect(url_for("consultations.categories"), 303)
    return render_template("consultations/categories.html", form=form,
                           categories=StakeholderCategory.ordered(active_only=False))


@bp.route("/categories/<int:cat_id>/toggle", methods=["POST"])
def category_toggle(cat_id):
    authorize("consultation.manage")
    cat = db.session.get(StakeholderCategory, cat_id) or abort(404)
    services.save_category({"active": not cat.active}, current_user, cat)
    db.session.commit()
    flash(_("The category is updated."), "success")
    return redirect(url_for("consultations.categories"), 303)


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
    if can(current_user, "consultation.manage") and "commitments.view" in current_app.view_functions:
        tools["link_form"] = LinkForm(prefix="link")
    from ..links import linked

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
    from .models import CONSENTS

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
        from ..links import resolve

        if resolve("commitment", form.commitment_id.data) is None:
            flash(_("No commitment has this number."), "error")
        else:
            add_link("submission", sub.id, "commitment", form.commitment_id.data, "informs", actor=current_user)
            db.session.commit()
            flash(_("The submission is linked to the commitment it informs."), "success")
    return redirect(url_for("consultations.submission", sub_id=sub.id), 303)


@bp.route("/<slug>/what-we-heard/edit", methods=["GET", "POST"])
def what_we_heard_edit(slug):
    authorize("consultation.manage")
    c = get_consultation_or_404(slug)
    form = WhatWeHeardForm(obj=c)
    if form.validate_on_submit():
        services.save_what_we_heard(c, {"wwh_fr": form.wwh_fr.data or "", "wwh_en": form.wwh_en.data or ""},
                                    current_user)
        try:
            if request.form.get("publish"):
                services.publish_what_we_heard(c, current_user)
            db.session.commit()
            flash(_("What we heard is published.") if c.wwh_published_at else _("The report is saved."), "success")
            return redirect(url_for("consultations.what_we_heard", slug=c.slug), 303)
        except ValueError as exc:
            db.session.rollback()
            form.wwh_en.errors = [str(exc)]
    return render_template("consultations/wwh_edit.html", c=c, form=form)


@bp.route("/<slug>/export.csv")
def export(slug):
    authorize("submission.export")
    c = get_consultation_or_404(slug)
    scope = "publishable" if request.args.get("scope") == "publishable" else "all"
    body = queries.export_csv(c, scope)
    audit.record("consultation.exported", c, actor=current_user, summary=scope)
    db.session.commit()
    return Response("\ufeff" + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{c.slug}-{scope}.csv"', "Cache-Control": "no-store"})


@bp.route("/roundtables/new", methods=["GET", "POST"])
@bp.route("/roundtables/<int:rt_id>/edit", methods=["GET", "POST"], endpoint="roundtable_edit")
def roundtable_new(rt_id=None):
    authorize("roundtable.manage")
    rt = get_roundtable_or_404(rt_id) if rt_id else None
    form = RoundtableForm(obj=rt)
    form.consultation_id.choices = [(0, "—")] + [(c.id, str(localized(c, "title"))) for c in
                                                db.session.scalars(select(Consultation).order_by(Consultation.id))]
    cats = StakeholderCategory.ordered()
    counts = {a.category_id: a.count for a in (rt.attendance if rt else [])}
    if form.validate_on_submit():
        data = {k: form[k].data for k in services.ROUNDTABLE_FIELDS if k in form and k != "consultation_id"}
        data["consultation_id"] = form.consultation_id.data or None
        data["jurisdiction_code"] = form.jurisdiction_code.data or None
        try:
            attendance = {c.id: int(request.form.get(f"att_{c.id}") or 0) for c in cats}
            rt = services.save_roundtable(data, current_user, rt, attendance=attendance)
            db.session.commit()
            flash(_("The roundtable is saved."), "success")
            return redirect(url_for("consultations.roundtable", rt_id=rt.id), 303)
        except ValueError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc) if "invalid literal" not in str(exc) else
                                    _("Attendance numbers must be whole numbers."))
            counts = {c.id: request.form.get(f"att_{c.id}", "") for c in cats}
    return render_template("consultations/roundtable_edit.html", form=form, rt=rt, categories=cats, counts=counts)


@bp.route("/roundtables/<int:rt_id>/key-points", methods=["POST"])
def key_point_add(rt_id):
    authorize("roundtable.manage")
    rt = get_roundtable_or_404(rt_id)
    form = KeyPointForm()
    if form.validate_on_submit():
        services.add_key_point(rt, form.data, current_user)
        db.session.commit()
        flash(_("The key point is added."), "success")
    else:
        flash(_("Write the key point in both languages."), "error")
    return redirect(url_for("consultations.roundtable", rt_id=rt.id) + "#key-points", 303)


@bp.route("/key-points/<int:kp_id>/edit", methods=["GET", "POST"])
def key_point_edit(kp_id):
    authorize("roundtable.manage")
    point = db.session.get(KeyPoint, kp_id) or abort(404)
    form = KeyPointForm(obj=point)
    if form.validate_on_submit():
        services.update_key_point(point, form.data, current_user)
        db.session.commit()
        flash(_("The key point is saved."), "success")
        return redirect(url_for("consultations.roundtable", rt_id=point.roundtable_id) + f"#key-point-{point.id}", 303)
    return render_template("consultations/key_point_edit.html", form=form, point=point)


@bp.route("/key-points/<int:kp_id>/delete", methods=["POST"])
def key_point_delete(kp_id):
    authorize("roundtable.manage")
    point = db.session.get(KeyPoint, kp_id) or abort(404)
    rt_id = point.roundtable_id
    services.delete_key_point(point, current_user)
    db.session.commit()
    flash(_("The key point is deleted."), "success")
    return redirect(url_for("consultations.roundtable", rt_id=rt_id), 303)


@bp.route("/roundtables/<int:rt_id>/evaluation", methods=["POST"])
def evaluation_add(rt_id):
    authorize("roundtable.manage")
    rt = get_roundtable_or_404(rt_id)
    form = EvaluationForm()
    if form.validate_on_submit():
        services.add_evaluation(rt, {"statement_fr": form.statement_fr.data, "statement_en": form.statement_en.data,
                                     "agree_share": form.percent.data / 100}, current_user)
        db.session.commit()
        flash(_("The evaluation result is added."), "success")
    else:
        flash(_("Give the statement in both languages and a percentage between 0 and 100."), "error")
    return redirect(url_for("consultations.roundtable", rt_id=rt.id) + "#evaluation", 303)


@bp.route("/roundtables/<int:rt_id>/attachments", methods=["POST"])
def roundtable_attachment(rt_id):
    authorize("roundtable.manage")
    rt = get_roundtable_or_404(rt_id)
    form = AttachmentForm()
    upload = request.files.get("file")
    if form.validate_on_submit() and upload is not None and upload.filename:
        try:
            checked = subs.check_attachment(upload)
        except RuleError as exc:
            flash(" ".join(exc.messages), "error")
        else:
            att = Attachment(roundtable_id=rt.id, filename=checked.filename, file=files.store(checked),
                             kind=checked.kind, size=checked.size)
            db.session.add(att)
            db.session.flush()
            audit.record("roundtable.attachment_added", att, actor=current_user, summary=checked.filename)
            db.session.commit()
            flash(_("The file is attached."), "success")
    else:
        flash(_("Choose a file."), "error")
    return redirect(url_for("consultations.roundtable", rt_id=rt.id), 303)
