"""The code book page, and themes proposed by the advisory committee: proposed from the code book page,
accepted (with a code) or declined (with a reason) by the secretariat on the proposal's page."""
from __future__ import annotations

import re

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...links import linked
from ...flow import form_status, render_form, see_other, transaction
from ...i18n import _
from ...permissions import can
from .. import queries, services
from ..access import get_consultation_or_404, get_theme_proposal_or_404
from ..blueprint import bp
from ..forms import DeclineForm, ThemeEditForm, ThemeForm
from ..models import ThemeProposal


def proposals_of(c) -> list[ThemeProposal]:
    """The secretariat sees every proposal; a committee member the ones they made."""
    stmt = select(ThemeProposal).where(ThemeProposal.consultation_id == c.id)
    if not can(current_user, "consultation.manage"):
        stmt = stmt.where(ThemeProposal.proposed_by_id == current_user.id)
    return list(db.session.scalars(stmt.order_by(ThemeProposal.status.desc(), ThemeProposal.id)))


def render_themes(c, form=None, proposal_form=None):
    manage = can(current_user, "consultation.manage")
    form = form or (ThemeForm(formdata=None) if manage else None)
    if proposal_form is None and not manage:
        proposal_form = ThemeEditForm(prefix="proposal", formdata=None)
    return render_template("consultations/themes.html", c=c, form=form, proposal_form=proposal_form,
                           usage=queries.theme_usage(c), proposals=proposals_of(c),
                           key_points={t.id: linked("theme", t.id, current_user, relation="informs") for t in c.themes},
                           offered=[t for t in c.themes if t.active]), form_status(form, proposal_form)


@bp.route("/<slug>/themes/propose", methods=["POST"])
def theme_propose(slug):
    c = get_consultation_or_404(slug, "tag")
    form = ThemeEditForm(prefix="proposal")
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.propose_theme(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.themes", slug=c.slug),
                             _("Your proposal is sent to the secretariat, who will accept or decline it."))
    return render_themes(c, proposal_form=form)


def _suggested_code(proposal: ThemeProposal) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (proposal.label_en or proposal.label_fr).lower()).strip("_")[:40]


def _review(proposal, accept_form=None, decline_form=None):
    if accept_form is None:
        accept_form = ThemeForm(obj=proposal, prefix="accept", formdata=None)
        accept_form.code.data = _suggested_code(proposal)
    decline_form = decline_form or DeclineForm(prefix="decline", formdata=None)
    return render_form("consultations/theme_proposal.html", accept_form, c=proposal.consultation,
                       proposal=proposal, accept_form=accept_form, decline_form=decline_form,
                       status=form_status(accept_form, decline_form))


@bp.route("/<slug>/themes/proposals/<int:proposal_id>")
def theme_proposal(slug, proposal_id):
    return _review(get_theme_proposal_or_404(slug, proposal_id))


@bp.route("/<slug>/themes/proposals/<int:proposal_id>/accept", methods=["POST"])
def theme_proposal_accept(slug, proposal_id):
    proposal = get_theme_proposal_or_404(slug, proposal_id)
    form = ThemeForm(prefix="accept")
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.accept_proposal(proposal, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("consultations.themes", slug=slug),
                             _("The theme is added to the code book and can be used for tagging."))
    return _review(proposal, accept_form=form)


@bp.route("/<slug>/themes/proposals/<int:proposal_id>/decline", methods=["POST"])
def theme_proposal_decline(slug, proposal_id):
    proposal = get_theme_proposal_or_404(slug, proposal_id)
    form = DeclineForm(prefix="decline")
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.decline_proposal(proposal, form.reason.data or "", current_user)
        if tx.ok:
            return see_other(url_for("consultations.themes", slug=slug), _("The proposal is declined."))
    return _review(proposal, decline_form=form)
