"""The questionnaire builder (secretariat): sections and questions side by side in French and English, added,
edited, reordered and removed one at a time with plain forms (no JavaScript needed), and a preview of the
form as respondents see it. The Markdown paper page stays for import and export."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ...flow import render_form, see_other, transaction
from ...i18n import _
from .. import services
from ..access import get_consultation_or_404, get_question_or_404, get_section_or_404
from ..blueprint import bp
from ..forms import submission_form
from ..forms_builder import QuestionForm, SectionForm
from ..models import QUESTION_KINDS


def _builder_url(slug: str, anchor: str | None = None) -> str:
    return url_for("consultations.builder", slug=slug) + (f"#{anchor}" if anchor else "")


@bp.route("/<slug>/builder")
def builder(slug):
    c = get_consultation_or_404(slug, "manage")
    answered = {q.id for q in c.questions if services.answer_count(q)}
    return render_template("consultations/builder.html", c=c, kinds=QUESTION_KINDS, answered=answered,
                           has_input=services.has_submissions(c))


@bp.route("/<slug>/builder/sections/new", methods=["GET", "POST"])
@bp.route("/<slug>/builder/sections/<int:section_id>", methods=["GET", "POST"], endpoint="builder_section_edit")
def builder_section_new(slug, section_id=None):
    section = get_section_or_404(slug, section_id) if section_id else None
    c = section.consultation if section else get_consultation_or_404(slug, "manage")
    form = SectionForm(obj=section)
    if form.validate_on_submit():
        with transaction(form) as tx:
            if section is None:
                section = services.add_section(c, form.to_input(), current_user)
            else:
                services.update_section(section, form.to_input(), current_user)
        if tx.ok:
            return see_other(_builder_url(slug, f"s-{section.id}"), _("The section is saved."))
    return render_form("consultations/builder_section.html", form, c=c, section=section)


@bp.route("/<slug>/builder/sections/<int:section_id>/questions/new", methods=["GET", "POST"])
def builder_question_new(slug, section_id):
    section = get_section_or_404(slug, section_id)
    form = QuestionForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            question = services.add_question(section, form.to_input(), current_user)
        if tx.ok:
            return see_other(_builder_url(slug, f"q-{question.id}"),
                             _("Question %(ref)s is added.", ref=question.ref))
    return render_form("consultations/builder_question.html", form, c=section.consultation, section=section,
                       question=None, answered=False)


@bp.route("/<slug>/builder/questions/<int:question_id>", methods=["GET", "POST"])
def builder_question_edit(slug, question_id):
    question = get_question_or_404(slug, question_id)
    form = QuestionForm(question)
    if request.method == "GET":
        form.choices_fr.data, form.choices_en.data = question.choices_fr, question.choices_en
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.update_question(question, form.to_input(), current_user)
        if tx.ok:
            return see_other(_builder_url(slug, f"q-{question.id}"),
                             _("Question %(ref)s is saved.", ref=question.ref))
    return render_form("consultations/builder_question.html", form, c=question.section.consultation,
                       section=question.section, question=question,
                       answered=bool(services.answer_count(question)))


@bp.route("/<slug>/builder/questions/<int:question_id>/move", methods=["POST"])
def builder_question_move(slug, question_id):
    question = get_question_or_404(slug, question_id)
    with transaction() as tx:
        moved = services.move_question(question, request.form.get("direction", ""), current_user)
    message = _("Question moved: it is now %(ref)s.", ref=question.ref) if tx.ok and moved else None
    return see_other(_builder_url(slug, f"q-{question.id}"), message)


@bp.route("/<slug>/builder/sections/<int:section_id>/move", methods=["POST"])
def builder_section_move(slug, section_id):
    section = get_section_or_404(slug, section_id)
    with transaction() as tx:
        moved = services.move_section(section, request.form.get("direction", ""), current_user)
    message = _("Section moved: it is now section %(n)s.", n=section.position) if tx.ok and moved else None
    return see_other(_builder_url(slug, f"s-{section.id}"), message)


@bp.route("/<slug>/builder/questions/<int:question_id>/remove", methods=["GET", "POST"])
def builder_question_remove(slug, question_id):
    """GET asks to confirm; POST removes."""
    question = get_question_or_404(slug, question_id)
    if request.method == "POST":
        ref = question.ref
        with transaction() as tx:
            services.remove_question(question, current_user)
        if tx.ok:
            return see_other(_builder_url(slug), _("Question %(ref)s is removed.", ref=ref))
        return see_other(_builder_url(slug, f"q-{question.id}"))
    return render_template("consultations/builder_remove.html", c=question.section.consultation, question=question,
                           section=None)


@bp.route("/<slug>/builder/sections/<int:section_id>/remove", methods=["GET", "POST"])
def builder_section_remove(slug, section_id):
    section = get_section_or_404(slug, section_id)
    if request.method == "POST":
        with transaction() as tx:
            services.remove_section(section, current_user)
        if tx.ok:
            return see_other(_builder_url(slug), _("The section is removed."))
        return see_other(_builder_url(slug, f"s-{section.id}"))
    return render_template("consultations/builder_remove.html", c=section.consultation, question=None,
                           section=section)


@bp.route("/<slug>/preview")
def builder_preview(slug):
    """The form exactly as respondents see it, in the page's language; nothing can be sent from here."""
    c = get_consultation_or_404(slug, "manage")
    form = submission_form(c, None)(meta={"csrf": False}, formdata=None)
    return render_template("consultations/preview.html", c=c, form=form, questions=c.questions, roundtable=None,
                           max_mb=services.attachment_max_bytes() // (1024 * 1024))
