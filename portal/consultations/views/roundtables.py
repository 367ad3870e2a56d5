"""Secretariat pages of a roundtable: details and attendance, key points, evaluation, documents."""
from __future__ import annotations

from textwrap import shorten

from flask import url_for
from flask_login import current_user

from ... import confirm
from ...flow import INVALID, render_form, see_other, transaction
from ...i18n import _, localized
from ...permissions import authorize
from .. import services
from ..access import get_key_point_or_404, get_roundtable_or_404
from ..blueprint import bp
from ..forms import AttachmentForm, EvaluationForm, KeyPointEditForm, KeyPointForm, RoundtableForm
from .pages import render_roundtable


@bp.route("/roundtables/new", methods=["GET", "POST"])
@bp.route("/roundtables/<int:rt_id>/edit", methods=["GET", "POST"], endpoint="roundtable_edit")
def roundtable_new(rt_id=None):
    rt = get_roundtable_or_404(rt_id, "manage") if rt_id else None
    if rt is None:
        authorize("roundtable.manage")
    form = RoundtableForm(rt)
    if form.validate_on_submit():
        with transaction(form) as tx:
            rt = services.save_roundtable(form.to_input(), current_user, rt)
        if tx.ok:
            return see_other(url_for("consultations.roundtable", rt_id=rt.id), _("The roundtable is saved."))
    return render_form("consultations/roundtable_edit.html", form, rt=rt, categories=form.categories,
                       counts=form.counts)


def _page(rt, anchor: str, message: str):
    return see_other(url_for("consultations.roundtable", rt_id=rt.id) + anchor, message)


@bp.route("/roundtables/<int:rt_id>/key-points", methods=["POST"])
def key_point_add(rt_id):
    rt = get_roundtable_or_404(rt_id, "manage")
    form = KeyPointForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_key_point(rt, form.to_input(), current_user)
        if tx.ok:
            return _page(rt, "#key-points", _("The key point is added."))
    return render_roundtable(rt, key_point_form=form, status=INVALID)


@bp.route("/key-points/<int:kp_id>/edit", methods=["GET", "POST"])
def key_point_edit(kp_id):
    point = get_key_point_or_404(kp_id)
    form = KeyPointEditForm(point)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.update_key_point(point, form.to_input(), current_user)
            if form.theme_ids.choices:
                services.set_key_point_themes(point, list(form.theme_ids.data or []), current_user)
        if tx.ok:
            return _page(point.roundtable, f"#key-point-{point.id}", _("The key point is saved."))
    return render_form("consultations/key_point_edit.html", form, point=point)


@bp.route("/key-points/<int:kp_id>/delete", methods=["POST"])
def key_point_delete(kp_id):
    point = get_key_point_or_404(kp_id)
    rt = point.roundtable
    if not confirm.confirmed():
        label = str(localized(point, "heading")) or shorten(str(localized(point, "text")), 80, placeholder=" …")
        return confirm.ask("delete", what=label, back=url_for("consultations.roundtable", rt_id=rt.id)
                           + f"#key-point-{point.id}")
    with transaction():
        services.delete_key_point(point, current_user)
    return _page(rt, "", _("The key point is deleted."))


@bp.route("/roundtables/<int:rt_id>/evaluation", methods=["POST"])
def evaluation_add(rt_id):
    rt = get_roundtable_or_404(rt_id, "manage")
    form = EvaluationForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_evaluation(rt, form.to_input(), current_user)
        if tx.ok:
            return _page(rt, "#evaluation", _("The evaluation result is added."))
    return render_roundtable(rt, evaluation_form=form, status=INVALID)


@bp.route("/roundtables/<int:rt_id>/attachments", methods=["POST"])
def roundtable_attachment(rt_id):
    rt = get_roundtable_or_404(rt_id, "manage")
    form = AttachmentForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.add_document(rt, form.to_input(), current_user)
        if tx.ok:
            return _page(rt, "", _("The file is attached."))
    return render_roundtable(rt, attachment_form=form, status=INVALID)
