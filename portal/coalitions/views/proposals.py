"""Organisations propose changes (or new records); reviewers approve or reject them; proposers withdraw."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from ...auth.models import jurisdiction_name
from ... import confirm
from ...flow import form_status, render_form, see_other, transaction
from ...i18n import _
from ...permissions import can
from .. import access, queries, services, vocab
from ..blueprint import bp
from ..forms import FORMS, ProposalCommentForm, ReviewForm, jurisdiction_choices, record_form
from ..models import ChangeProposal
from .manage import TYPES


@bp.route("/<" + TYPES + ":record_type>/<int:record_id>/propose", methods=["GET", "POST"])
@login_required
def propose(record_type: str, record_id: int):
    record = access.get_record_or_404(record_type, record_id, "propose")
    form = record_form(record_type, record, allowed=access.allowed_jurisdictions("directory.propose"))
    comment_form = ProposalCommentForm()
    # An organisation cannot move a record out of its province or hand it to another owner by proposal.
    form.jurisdiction_code.choices = [(record.jurisdiction_code or "", jurisdiction_name(record.jurisdiction_code)
                                       or _("National (all of Canada)"))]
    if form.validate_on_submit() and comment_form.validate():
        with transaction(form) as tx:
            proposal = services.propose_change(record, form.to_input(), actor=current_user,
                                               comment=comment_form.comment.data or "")
        if tx.ok:
            return see_other(url_for("coalitions.proposal", proposal_id=proposal.id),
                             _("Your proposal was sent. It will show once a reviewer approves it."))
    return render_form("coalitions/form.html", form, status=form_status(form, comment_form), record=record,
                       record_type=record_type, mode="propose", comment_form=comment_form)


@bp.route("/propose/<any(service,coalition):record_type>", methods=["GET", "POST"])
@login_required
def propose_new(record_type: str):
    """An organisation proposes a record of its own (a service it runs, a coalition it leads)."""
    access.authorize_propose_new()
    form = record_form(record_type, allowed=access.allowed_jurisdictions("directory.propose"),
                       own_organisation=current_user.organisation)
    form.jurisdiction_code.choices = jurisdiction_choices()
    if not form.is_submitted() and current_user.jurisdiction_code:
        form.jurisdiction_code.data = current_user.jurisdiction_code
    comment_form = ProposalCommentForm()
    if form.validate_on_submit() and comment_form.validate():
        with transaction(form) as tx:
            proposal = services.propose_new(form.to_input(), actor=current_user,
                                            comment=comment_form.comment.data or "")
        if tx.ok:
            return see_other(url_for("coalitions.proposal", proposal_id=proposal.id),
                             _("Your proposal was sent. It will show once a reviewer approves it."))
    return render_form("coalitions/form.html", form, status=form_status(form, comment_form), record=None,
                       record_type=record_type, mode="propose_new", comment_form=comment_form)


@bp.get("/proposals")
@login_required
def proposals():
    can_review = access.authorize_proposals_page()
    return render_template("coalitions/proposals.html", can_review=can_review,
                           pending=queries.pending_proposals_for(current_user),
                           mine=queries.proposals_by_org(current_user.organisation_id))


FIELD_VOCABS = {"activities": vocab.ACTIVITIES, "sectors": vocab.SECTORS, "categories": vocab.CATEGORIES,
                "populations": vocab.POPULATIONS, "languages": vocab.LANGUAGES, "scopes": vocab.PROTOCOL_SCOPES}
KINDS = {"coalition": vocab.COALITION_KINDS, "protocol": vocab.PROTOCOL_KINDS}
STATUSES = {"strategy": vocab.STRATEGY_STATUSES, "protocol": vocab.PROTOCOL_STATUSES}


class ValueDisplay:
    """How a proposal's stored values read on the page: labels for codes, names for organisations."""

    def __init__(self, record_type: str):
        blank = FORMS[record_type](formdata=None, meta={"csrf": False})
        self.labels = {f.name: f.label.text for f in blank}
        self.kinds, self.statuses = KINDS.get(record_type, {}), STATUSES.get(record_type, {})

    def field_label(self, name: str) -> str:
        return str(self.labels.get(name, name))

    def show(self, name: str, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if name in ("member_ids", "party_ids"):
            return ", ".join(queries.organisation_short_names(value))
        if name == "jurisdiction_code":
            return jurisdiction_name(value)
        if name == "kind":
            return vocab.label(self.kinds, value)
        if name == "status":
            return vocab.label(self.statuses, value)
        if isinstance(value, list):
            return ", ".join(vocab.labels(FIELD_VOCABS.get(name) or {}, value))
        return str(value)


def _render_proposal(p: ChangeProposal, form: ReviewForm, may_review: bool):
    record = access.proposal_record(p)
    display = ValueDisplay(p.record_type)
    return render_template("coalitions/proposal.html", proposal=p, record=record, review_form=form,
                           may_review=may_review, current=services.current_values(record) if record else None,
                           field_label=display.field_label, show=display.show), form_status(form)


@bp.get("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id: int):
    p = access.get_proposal_or_404(proposal_id)
    return _render_proposal(p, ReviewForm(), can(current_user, "directory.review", p))


@bp.post("/proposals/<int:proposal_id>/approve")
@login_required
def approve(proposal_id: int):
    p = access.get_proposal_or_404(proposal_id, "review")
    form = ReviewForm()
    with transaction(form) as tx:
        services.approve_proposal(p, actor=current_user)
    if tx.ok:
        return see_other(url_for("coalitions.proposals"), _("The proposal was approved and the record updated."))
    return _render_proposal(p, form, True)


@bp.post("/proposals/<int:proposal_id>/reject")
@login_required
def reject(proposal_id: int):
    p = access.get_proposal_or_404(proposal_id, "review")
    form = ReviewForm()
    with transaction(form) as tx:
        services.reject_proposal(p, actor=current_user, reason=form.reason.data or "")
    if tx.ok:
        return see_other(url_for("coalitions.proposals"),
                         _("The proposal was rejected; the organisation has been told why."))
    return _render_proposal(p, form, True)


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    p = access.get_proposal_or_404(proposal_id, "withdraw")
    if not confirm.confirmed():
        return confirm.ask("withdraw_proposal", back=url_for("coalitions.proposal", proposal_id=p.id))
    with transaction() as tx:  # a refusal is flashed on the proposal's page
        services.withdraw_proposal(p, actor=current_user)
    if tx.ok:
        return see_other(url_for("coalitions.proposals"), _("Your proposal was withdrawn."))
    return redirect(url_for("coalitions.proposal", proposal_id=p.id), 303)
