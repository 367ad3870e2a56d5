"""Changing the directory: editors edit and confirm; organisations propose; reviewers approve or reject."""
from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ...auth.models import JURISDICTIONS, Organisation
from ...extensions import db
from ...i18n import _
from ...auth.models import jurisdiction_name
from ...permissions import authorize, authorize_some, can, can_some, get_or_404
from .. import queries, services, vocab
from ..forms import FORMS, ProposalCommentForm, ReviewForm, VersionForm, jurisdiction_choices
from ..models import MODELS, ChangeProposal, Protocol
from ..blueprint import bp

TYPES = "any(coalition,strategy,protocol,service)"
VIEW_ENDPOINTS = {"coalition": ("coalitions.coalition", "coalition_id"),
                  "strategy": ("coalitions.strategy", "strategy_id"),
                  "protocol": ("coalitions.protocol", "protocol_id"),
                  "service": ("coalitions.service", "service_id")}


def record_url(record) -> str:
    endpoint, arg = VIEW_ENDPOINTS[record.record_type]
    return url_for(endpoint, **{arg: record.id})


def _allowed_jurisdictions(action: str) -> list[str] | None:
    """None: every code and national. Otherwise the codes this user may act on."""
    if can(current_user, action):
        return None
    return [c for c in JURISDICTIONS if can(current_user, action, SimpleNamespace(jurisdiction_code=c))]


def _org_choices():
    orgs = db.session.scalars(select(Organisation).where(Organisation.active.is_(True))
                              .order_by(Organisation.short_name)).all()
    return [(o.id, f"{o.short_name} — {o.name}") for o in orgs]


def _build_form(record_type: str, record=None, *, action: str, formdata=True):
    form_cls = FORMS[record_type]
    kwargs = {} if formdata else {"formdata": None}
    form = form_cls(obj=record, **kwargs) if record is not None else form_cls(**kwargs)
    allowed = _allowed_jurisdictions(action)
    if record is not None and allowed is not None and record.jurisdiction_code not in allowed:
        allowed = allowed + [record.jurisdiction_code] if record.jurisdiction_code else allowed
    form.jurisdiction_code.choices = jurisdiction_choices(allowed)
    if record is not None and allowed is not None and record.jurisdiction_code is None:
        form.jurisdiction_code.choices = [("", _("National (all of Canada)"))] + form.jurisdiction_code.choices
    orgs = _org_choices()
    form.owner_organisation_id.choices = orgs
    if hasattr(form, "member_ids"):
        form.member_ids.choices = orgs
    if hasattr(form, "party_ids"):
        form.party_ids.choices = orgs
    if request.method == "GET":
        if record is not None:
            form.jurisdiction_code.data = record.jurisdiction_code or ""
            form.owner_organisation_id.data = record.owner_organisation_id
            if hasattr(form, "member_ids"):
                form.member_ids.data = [o.id for o in record.members]
            if hasattr(form, "party_ids"):
                form.party_ids.data = [o.id for o in record.parties]
        else:
            form.owner_organisation_id.data = current_user.organisation_id
            if allowed:
                form.jurisdiction_code.data = allowed[0]
    return form


def _form_values(form, record_type: str) -> dict:
    fields = list(MODELS[record_type].EDITABLE) + [services.ORG_LIST_FIELDS.get(record_type, "")]
    return form.values([f for f in fields if f])


@bp.route("/new/<" + TYPES + ":record_type>", methods=["GET", "POST"])
@login_required
def new(record_type: str):
    authorize_some("directory.edit")
    form = _build_form(record_type, action="directory.edit")
    if form.validate_on_submit():
        values = _form_values(form, record_type)
        authorize("directory.edit", SimpleNamespace(jurisdiction_code=values.get("jurisdiction_code"),
                                                    owner_organisation_ids=set()))
        owner = db.session.get(Organisation, form.owner_organisation_id.data)
        record = services.create_record(record_type, values, owner=owner, actor=current_user)
        db.session.commit()
        flash(_("The record was created."), "success")
        return redirect(record_url(record), code=303)
    return render_template("coalitions/form.html", form=form, record=None, record_type=record_type,
                           mode="new"), 422 if form.errors else 200


@bp.route("/<" + TYPES + ":record_type>/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(record_type: str, record_id: int):
    record = get_or_404(MODELS[record_type], record_id, "directory.edit")
    form = _build_form(record_type, record, action="directory.edit")
    if form.validate_on_submit():
        values = _form_values(form, record_type)
        # Moving a record to another province needs the right to edit there too.
        authorize("directory.edit", SimpleNamespace(jurisdiction_code=values.get("jurisdiction_code"),
                                                    owner_organisation_ids=record.owner_organisation_ids))
        owner = db.session.get(Organisation, form.owner_organisation_id.data)
        changes = services.update_record(record, values, actor=current_user, owner=owner)
        db.session.commit()
        flash(_("Your changes were saved.") if changes else _("Nothing had changed; the record is now confirmed."),
              "success")
        return redirect(record_url(record), code=303)
    return render_template("coalitions/form.html", form=form, record=record, record_type=record_type,
                           mode="edit"), 422 if form.errors else 200


@bp.post("/<" + TYPES + ":record_type>/<int:record_id>/confirm")
@login_required
def confirm(record_type: str, record_id: int):
    record = get_or_404(MODELS[record_type], record_id, "directory.edit")
    services.confirm_record(record, actor=current_user)
    db.session.commit()
    flash(_("Thank you: the record is confirmed as current."), "success")
    nxt = request.form.get("next", "")
    # Only a path on this site: "//host" or "/\\host" would leave it.
    safe = nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt
    return redirect(nxt if safe else record_url(record), code=303)


@bp.post("/protocol/<int:protocol_id>/versions")
@login_required
def add_version(protocol_id: int):
    record = get_or_404(Protocol, protocol_id, "directory.edit")
    form = VersionForm()
    if form.validate_on_submit():
        services.add_protocol_version(record, label=form.label.data, document_url=form.document_url.data or "",
                                      dated=form.dated.data, note=form.note.data or "", actor=current_user)
        db.session.commit()
        flash(_("The document version was added."), "success")
        return redirect(record_url(record), code=303)
    return render_template("coalitions/protocol.html", record=record, version_form=form), 422


@bp.route("/<" + TYPES + ":record_type>/<int:record_id>/propose", methods=["GET", "POST"])
@login_required
def propose(record_type: str, record_id: int):
    record = get_or_404(MODELS[record_type], record_id, "directory.propose")
    form = _build_form(record_type, record, action="directory.propose")
    comment_form = ProposalCommentForm()
    # An organisation cannot move a record out of its province or hand it to another owner by proposal.
    form.jurisdiction_code.choices = [(record.jurisdiction_code or "", jurisdiction_name(record.jurisdiction_code)
                                       or _("National (all of Canada)"))]
    if form.validate_on_submit() and comment_form.validate():
        values = _form_values(form, record_type)
        values.pop("published", None)
        try:
            proposal = services.propose_change(record, values, actor=current_user, comment=comment_form.comment.data or "")
        except services.DirectoryError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Your proposal was sent. It will show once a reviewer approves it."), "success")
            return redirect(url_for("coalitions.proposal", proposal_id=proposal.id), code=303)
    return render_template("coalitions/form.html", form=form, record=record, record_type=record_type,
                           mode="propose", comment_form=comment_form), 422 if form.errors else 200


@bp.route("/propose/<any(service,coalition):record_type>", methods=["GET", "POST"])
@login_required
def propose_new(record_type: str):
    """An organisation proposes a record of its own (a service it runs, a coalition it leads)."""
    authorize_some("directory.propose")
    mine = SimpleNamespace(owner_organisation_ids={current_user.organisation_id}, jurisdiction_code=None)
    if not can(current_user, "directory.propose", mine) and not can(current_user, "directory.propose"):
        abort(403)
    form = _build_form(record_type, action="directory.propose")
    form.jurisdiction_code.choices = jurisdiction_choices()
    if request.method == "GET" and current_user.jurisdiction_code:
        form.jurisdiction_code.data = current_user.jurisdiction_code
    form.owner_organisation_id.choices = [(current_user.organisation_id, current_user.organisation.name)]
    form.owner_organisation_id.data = current_user.organisation_id
    comment_form = ProposalCommentForm()
    if form.validate_on_submit() and comment_form.validate():
        values = _form_values(form, record_type)
        values.pop("published", None)
        proposal = services.propose_new(record_type, values, actor=current_user,
                                        comment=comment_form.comment.data or "")
        db.session.commit()
        flash(_("Your proposal was sent. It will show once a reviewer approves it."), "success")
        return redirect(url_for("coalitions.proposal", proposal_id=proposal.id), code=303)
    return render_template("coalitions/form.html", form=form, record=None, record_type=record_type,
                           mode="propose_new", comment_form=comment_form), 422 if form.errors else 200


def _proposal_or_404(proposal_id: int) -> ChangeProposal:
    proposal = db.session.get(ChangeProposal, proposal_id)
    if proposal is None:
        abort(404)
    if not (can(current_user, "directory.review", proposal) or
            current_user.organisation_id == proposal.proposed_by_org_id):
        abort(403)
    return proposal


@bp.get("/proposals")
@login_required
def proposals():
    can_review = can_some(current_user, "directory.review")
    if not (can_review or can_some(current_user, "directory.propose")):
        abort(403)
    return render_template("coalitions/proposals.html", can_review=can_review,
                           pending=queries.pending_proposals_for(current_user),
                           mine=queries.proposals_by_org(current_user.organisation_id))


FIELD_VOCABS = {"kind": None, "activities": vocab.ACTIVITIES, "sectors": vocab.SECTORS,
                "categories": vocab.CATEGORIES, "populations": vocab.POPULATIONS, "languages": vocab.LANGUAGES,
                "scopes": vocab.PROTOCOL_SCOPES}


def _render_proposal(p: ChangeProposal, form: ReviewForm, may_review: bool, status: int = 200):
    record = services.record_of(p)
    form_cls = FORMS[p.record_type]
    blank = form_cls(formdata=None, meta={"csrf": False})
    labels = {f.name: f.label.text for f in blank}
    kinds = {"coalition": vocab.COALITION_KINDS, "protocol": vocab.PROTOCOL_KINDS}.get(p.record_type, {})
    statuses = {"strategy": vocab.STRATEGY_STATUSES, "protocol": vocab.PROTOCOL_STATUSES}.get(p.record_type, {})

    def show(name, value):
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if name in ("member_ids", "party_ids"):
            orgs = db.session.scalars(select(Organisation).where(Organisation.id.in_(value))).all()
            return ", ".join(sorted(o.short_name for o in orgs))
        if name == "jurisdiction_code":
            return jurisdiction_name(value)
        if name == "kind":
            return vocab.label(kinds, value)
        if name == "status":
            return vocab.label(statuses, value)
        if isinstance(value, list):
            return ", ".join(vocab.labels(FIELD_VOCABS.get(name) or {}, value))
        return str(value)

    return render_template("coalitions/proposal.html", proposal=p, record=record, review_form=form,
                           may_review=may_review, current=services.current_values(record) if record else None,
                           field_label=lambda name: str(labels.get(name, name)), show=show), status


@bp.get("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id: int):
    p = _proposal_or_404(proposal_id)
    return _render_proposal(p, ReviewForm(), can(current_user, "directory.review", p))


def _review(proposal_id: int, verb: str):
    p = db.session.get(ChangeProposal, proposal_id)
    if p is None:
        abort(404)
    authorize("directory.review", p)
    form = ReviewForm()
    try:
        if verb == "approve":
            services.approve_proposal(p, actor=current_user)
            message = _("The proposal was approved and the record updated.")
        else:
            services.reject_proposal(p, actor=current_user, reason=form.reason.data or "")
            message = _("The proposal was rejected; the organisation has been told why.")
    except services.DirectoryError as exc:
        db.session.rollback()
        form.reason.errors = [str(exc)]
        return _render_proposal(p, form, True, 422)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("coalitions.proposals"), code=303)


@bp.post("/proposals/<int:proposal_id>/approve")
@login_required
def approve(proposal_id: int):
    return _review(proposal_id, "approve")


@bp.post("/proposals/<int:proposal_id>/reject")
@login_required
def reject(proposal_id: int):
    return _review(proposal_id, "reject")


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    p = db.session.get(ChangeProposal, proposal_id)
    if p is None:
        abort(404)
    if current_user.organisation_id != p.proposed_by_org_id:
        abort(403)
    try:
        services.withdraw_proposal(p, actor=current_user)
    except services.DirectoryError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("coalitions.proposal", proposal_id=p.id), code=303)
    db.session.commit()
    flash(_("Your proposal was withdrawn."), "success")
    return redirect(url_for("coalitions.proposals"), code=303)


@bp.route("/provinces/<code>/notes/new", methods=["GET", "POST"])
@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def note_form(code: str | None = None, note_id: int | None = None):
    from ..forms import RegionNoteForm
    from ..models import RegionNote

    if note_id is not None:
        note = get_or_404(RegionNote, note_id, "directory.edit")
    else:
        if (code or "").upper() not in JURISDICTIONS:
            abort(404)
        note = RegionNote(jurisdiction_code=code.upper())
        authorize("directory.edit", note)
    form = RegionNoteForm(obj=note)
    if form.validate_on_submit():
        services.save_note(note, {f.name: f.data for f in form if f.name != "csrf_token"}, actor=current_user)
        db.session.commit()
        flash(_("The note was saved."), "success")
        return redirect(url_for("coalitions.province", code=note.jurisdiction_code) + "#h-notes", code=303)
    return render_template("coalitions/note_form.html", form=form, note=note), 422 if form.errors else 200
