"""Secretariat pages: a consultation's details and paper, its code book, categories, what we heard, exports."""
from __future__ import annotations

from flask import Response, request, url_for
from flask_login import current_user

from ... import audit
from ...flow import render_form, see_other, transaction
from ...i18n import _, _l
from ...permissions import PUBLIC, authorize, can
from .. import exports, services
from ..access import get_category_or_404, get_consultation_or_404, get_theme_or_404
from ..blueprint import bp
from ..forms import CategoryForm, ConsultationForm, PaperForm, ThemeEditForm, ThemeForm, WhatWeHeardForm
from ..models import Consultation, StakeholderCategory
from ..services.paper import question_markdown
from .themes import render_themes


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<slug>/edit", methods=["GET", "POST"], endpoint="edit")
def new(slug=None):
    c = get_consultation_or_404(slug, "manage") if slug else None
    if c is None:
        authorize("consultation.manage")
    form = ConsultationForm(c)
    if form.validate_on_submit():
        with transaction(form) as tx:
            c = services.save_consultation(form.to_input(), current_user, c)
        if tx.ok:
            return see_other(url_for("consultations.view", slug=c.slug), _("The consultation is saved."))
    # Not public yet: what opening it to the public would publish in one language only, with links.
    pending = services.one_language_contents(c) if c is not None and c.visibility != PUBLIC else []
    return render_form("consultations/edit.html", form, c=c, one_language_contents=pending)


def _paper_markdown(c: Consultation, lang: str) -> str:
    """The paper as Markdown, written back in the convention it is read in (docs/consultations.md)."""
    lines = [f"# {getattr(c, 'title_' + lang)}", "", getattr(c, "summary_" + lang), ""]
    for s in c.sections:
        lines += [f"## {getattr(s, 'title_' + lang)}", "", getattr(s, "body_" + lang), "", "### Questions", ""]
        for q in s.questions:
            lines += question_markdown(q.kind, getattr(q, "text_" + lang), [label for _c, label in q.choice_list(lang)],
                                       q.required, getattr(q, "help_" + lang))
        lines.append("")
    return "\n".join(lines)


@bp.route("/<slug>/paper", methods=["GET", "POST"])
def paper(slug):
    c = get_consultation_or_404(slug, "manage")
    form = PaperForm()
    if request.method == "GET":
        form.paper_fr.data, form.paper_en.data = _paper_markdown(c, "fr"), _paper_markdown(c, "en")
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.set_paper(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.view", slug=c.slug), _("The discussion paper is saved."))
    return render_form("consultations/paper.html", form, c=c)


@bp.route("/<slug>/themes", methods=["GET", "POST"])
def themes(slug):
    c = get_consultation_or_404(slug, "manage" if request.method == "POST" else "tag")
    form = ThemeForm() if can(current_user, "consultation.manage") else None
    if form is not None and form.validate_on_submit():
        with transaction(form) as tx:
            services.add_theme(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.themes", slug=c.slug), _("The theme is added to the code book."))
    return render_themes(c, form=form)


@bp.route("/<slug>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
def theme_edit(slug, theme_id):
    theme = get_theme_or_404(slug, theme_id)
    form = ThemeEditForm(obj=theme)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.update_theme(theme, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.themes", slug=slug), _("The theme is updated."))
    return render_form("consultations/theme_edit.html", form, c=theme.consultation, theme=theme)


@bp.route("/<slug>/themes/<int:theme_id>/toggle", methods=["POST"])
def theme_toggle(slug, theme_id):
    theme = get_theme_or_404(slug, theme_id)
    with transaction():
        services.set_theme_active(theme, not theme.active, current_user)
    return see_other(url_for("consultations.themes", slug=slug),
                     _("The theme is retired: it is no longer offered for new tags.") if not theme.active
                     else _("The theme is offered again for new tags."))


@bp.route("/categories", methods=["GET", "POST"])
def categories():
    authorize("consultation.manage")
    form = CategoryForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_category(form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.categories"), _("The category is added."))
    return render_form("consultations/categories.html", form,
                       categories=StakeholderCategory.ordered(active_only=False))


@bp.route("/categories/<int:cat_id>/toggle", methods=["POST"])
def category_toggle(cat_id):
    category = get_category_or_404(cat_id)
    with transaction():
        services.set_category_active(category, not category.active, current_user)
    return see_other(url_for("consultations.categories"), _("The category is updated."))


@bp.route("/<slug>/what-we-heard/edit", methods=["GET", "POST"])
def what_we_heard_edit(slug):
    c = get_consultation_or_404(slug, "manage")
    form = WhatWeHeardForm(obj=c)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.save_what_we_heard(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.what_we_heard", slug=c.slug),
                             _("What we heard is published.") if c.wwh_published_at else _("The report is saved."))
    return render_form("consultations/wwh_edit.html", form, c=c)


@bp.route("/<slug>/export.csv")
def export(slug):
    c = get_consultation_or_404(slug, "export")
    scope = "publishable" if request.args.get("scope") == "publishable" else "all"
    body = exports.export_csv(c, scope)
    audit.record_view("consultation.exported", c, actor=current_user, summary=_l("%(scope)s, CSV", scope=exports.SCOPES[scope]))
    return Response("\ufeff" + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{c.slug}-{scope}.csv"', "Cache-Control": "no-store"})
