"""Secretariat pages: a consultation's details and paper, its code book, categories, what we heard, exports."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import audit
from ...auth.models import Organisation
from ...extensions import db
from ...i18n import _
from ...permissions import authorize
from .. import queries, services
from ..access import get_consultation_or_404
from ..blueprint import bp
from ..forms import CategoryForm, ConsultationForm, PaperForm, ThemeEditForm, ThemeForm, WhatWeHeardForm, to_toronto, to_utc
from ..models import Consultation, StakeholderCategory, Theme
from ..paper import PaperError, parse


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


