"""The moderation queue, and the forms on a submission's page: moderate, tag with a theme, link to the
commitment it informs. A refused form comes back on the submission's page with its errors (422)."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ...flow import form_status, see_other, transaction
from ...i18n import _
from ...links import linked
from ...permissions import authorize, can
from ...rules import RuleError, attach_errors
from .. import queries, services
from ..access import get_submission_or_404
from ..blueprint import bp
from ..forms import LinkForm, ModerationForm, TagForm, tag_themes
from ..models import CONSENTS, MODERATION_LABELS, PUBLISHABLE, SUBMITTED


@bp.route("/moderation")
def moderation():
    authorize("submission.moderate")
    state = request.args.get("state", "pending")
    state = state if state in queries.MODERATION_FILTERS else "pending"
    return render_template("consultations/moderation.html", items=queries.moderation_queue(state), state=state,
                           labels={**MODERATION_LABELS, "all": _("All")})


def render_submission(sub, preview=None, **forms):
    """A submission's page, with the forms its reader may use (a refused one given in `forms`)."""
    tools = {}
    if can(current_user, "submission.moderate") and sub.status == SUBMITTED:
        tools["moderation_form"] = ModerationForm(sub, formdata=None)
    if can(current_user, "submission.tag") and tag_themes(sub):
        tools["tag_form"] = TagForm(sub, formdata=None)
    elif can(current_user, "submission.tag") and sub.status == SUBMITTED:
        consultation = sub.consultation or (sub.roundtable.consultation if sub.roundtable else None)
        tools["no_themes"], tools["code_book"] = True, consultation   # say why, and where to fix it
    if can(current_user, "consultation.manage"):
        tools["link_form"] = LinkForm(formdata=None)
    tools.update(forms)
    return render_template("consultations/submission.html", sub=sub, consents=CONSENTS,
                           moderation_labels=MODERATION_LABELS, parent=sub.parent,
                           original=queries.shows_original(sub, current_user),
                           links=linked("submission", sub.id, current_user), public_texts=_public_texts(sub, preview),
                           proposed=preview is not None, **tools), form_status(*forms.values())


def _public_texts(sub, preview):
    """What the public would read, for the secretariat deciding on publication (input meant for it)."""
    if preview is not None:
        return preview
    if can(current_user, "submission.moderate") and sub.consent in PUBLISHABLE and sub.status == SUBMITTED:
        return services.public_preview(sub)
    return None


def _back(sub, message: str):
    return see_other(url_for("consultations.submission", sub_id=sub.id), message)


@bp.route("/submissions/<int:sub_id>/moderate", methods=["POST"])
def moderate(sub_id):
    sub = get_submission_or_404(sub_id, "moderate")
    form = ModerationForm(sub)
    if not form.validate_on_submit():
        return render_submission(sub, moderation_form=form)
    if request.form.get("preview"):
        return _preview(sub, form)
    with transaction(form) as tx:
        services.moderate(sub, form.to_input(), current_user)
    if tx.ok:
        return _back(sub, _("The moderation decision is recorded."))
    return render_submission(sub, moderation_form=form)


def _preview(sub, form):
    """Nothing is saved: the page shows the text as the public would read it after this decision."""
    try:
        preview = services.public_preview(sub, form.to_input())
    except RuleError as err:
        attach_errors(form, err.errors)
        return render_submission(sub, moderation_form=form)
    return render_submission(sub, preview=preview, moderation_form=form)


@bp.route("/submissions/<int:sub_id>/tags", methods=["POST"])
def tag(sub_id):
    sub = get_submission_or_404(sub_id, "tag")
    form = TagForm(sub)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.tag(sub, form.to_input(), current_user)
        if tx.ok:
            return _back(sub, _("The theme is recorded."))
    return render_submission(sub, tag_form=form)


@bp.route("/submissions/<int:sub_id>/link", methods=["POST"])
def link(sub_id):
    sub = get_submission_or_404(sub_id, "link")
    form = LinkForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.link_commitment(sub, form.to_input(), current_user)
        if tx.ok:
            return _back(sub, _("The submission is linked to the commitment it informs."))
    return render_submission(sub, link_form=form)
