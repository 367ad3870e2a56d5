"""Secretariat pages of a roundtable: details and attendance, key points, evaluation, documents."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import audit, files
from ...extensions import db
from ...i18n import _, localized
from ...permissions import authorize
from ...rules import RuleError
from .. import services
from .. import submissions as subs
from ..access import get_roundtable_or_404
from ..blueprint import bp
from ..forms import AttachmentForm, EvaluationForm, KeyPointForm, RoundtableForm
from ..models import Attachment, Consultation, KeyPoint, StakeholderCategory


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
