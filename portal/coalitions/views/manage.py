"""Editors keep the directory: create, edit and confirm records, add protocol versions, keep regional notes."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user, login_required

from ...flow import render_form, safe_next, see_other, transaction
from ...i18n import _
from .. import access, services
from ..blueprint import bp
from ..forms import RegionNoteForm, VersionForm, record_form
from ..refs import ENDPOINTS
from .pages import render_protocol

TYPES = "any(coalition,strategy,protocol,service)"


def record_url(record) -> str:
    endpoint, arg = ENDPOINTS[record.record_type]
    return url_for(endpoint, **{arg: record.id})


@bp.route("/new/<" + TYPES + ":record_type>", methods=["GET", "POST"])
@login_required
def new(record_type: str):
    access.authorize_new_record()
    form = record_form(record_type, allowed=access.allowed_jurisdictions("directory.edit"))
    if form.validate_on_submit():
        data = form.to_input()
        access.authorize_edit_in(data.jurisdiction_code)
        with transaction(form) as tx:
            record = services.create_record(data, actor=current_user)
        if tx.ok:
            return see_other(record_url(record), _("The record was created."))
    return render_form("coalitions/form.html", form, record=None, record_type=record_type, mode="new")


@bp.route("/<" + TYPES + ":record_type>/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(record_type: str, record_id: int):
    record = access.get_record_or_404(record_type, record_id, "edit")
    form = record_form(record_type, record, allowed=access.allowed_jurisdictions("directory.edit"))
    if form.validate_on_submit():
        data = form.to_input()
        # Moving a record to another province needs the right to edit there too.
        access.authorize_edit_in(data.jurisdiction_code, record.owner_organisation_ids)
        with transaction(form) as tx:
            changes = services.update_record(record, data, actor=current_user)
        if tx.ok:
            return see_other(record_url(record), _("Your changes were saved.") if changes else
                             _("Nothing had changed; the record is now confirmed."))
    return render_form("coalitions/form.html", form, record=record, record_type=record_type, mode="edit")


@bp.post("/<" + TYPES + ":record_type>/<int:record_id>/confirm")
@login_required
def confirm(record_type: str, record_id: int):
    record = access.get_record_or_404(record_type, record_id, "edit")
    with transaction() as tx:
        services.confirm_record(record, actor=current_user)
    if not tx.ok:
        return redirect(record_url(record), 303)
    return see_other(safe_next(request.form.get("next")) or record_url(record),
                     _("Thank you: the record is confirmed as current."))


@bp.post("/protocol/<int:protocol_id>/versions")
@login_required
def add_version(protocol_id: int):
    record = access.get_protocol_or_404(protocol_id, "edit")
    form = VersionForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_protocol_version(record, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(record_url(record), _("The document version was added."))
    return render_protocol(record, form)


@bp.route("/provinces/<code>/notes/new", methods=["GET", "POST"])
@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def note_form(code: str | None = None, note_id: int | None = None):
    note = access.get_note_or_404(note_id, "edit") if note_id is not None else access.new_note_or_404(code)
    form = RegionNoteForm(obj=note)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.save_note(note, form.to_input(), actor=current_user)
        if tx.ok:
            return see_other(url_for("coalitions.province", code=note.jurisdiction_code) + "#h-notes",
                             _("The note was saved."))
    return render_form("coalitions/note_form.html", form, note=note)
