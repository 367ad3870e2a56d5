"""Creating and changing commitments: the form (also to propose one from another record) and the CSV import."""
from __future__ import annotations

from flask import current_app, request, url_for
from flask_login import current_user

from ... import links
from ...flow import INVALID, render_form, see_other, transaction
from ...i18n import LOCALES, LocalizedText, _, current_lang, force_locale
from ...permissions import authorize_some, can
from .. import importers, queries, services
from ..access import get_commitment_or_404, get_plan_or_404, visible_source
from ..blueprint import bp
from ..forms import CommitmentForm, ImportForm


@bp.route("/new", methods=["GET", "POST"])
def new():
    authorize_some("commitment.edit")
    plans = [p for p in queries.visible_plans(current_user) if p.status != "closed"] or \
        queries.visible_plans(current_user)
    code = request.values.get("plan") or (plans[0].code if plans else "")
    if not code:
        return see_other(url_for("commitments.index"),
                         _("There is no plan yet. The secretariat imports or creates a plan first."), "warning")
    plan = get_plan_or_404(code)
    form = CommitmentForm()
    form.set_choices(plan)
    source = visible_source(request.values.get("source_type", ""), request.values.get("source_id", ""))
    if request.method == "GET":
        if not can(current_user, "commitment.edit"):
            form.lead.data = current_user.organisation.short_name
        if source is not None:
            form.source_type.data, form.source_id.data = source.type, str(source.id)
            _prefill_from_source(form, source)
    if form.validate_on_submit():
        with transaction(form) as tx:
            c = services.create_commitment(plan, form.to_input(), current_user, source=source)
        if tx.ok:
            return see_other(url_for("commitments.view", commitment_id=c.id),
                             _("Commitment %(ref)s created.", ref=c.ref))
    return render_form("commitments/form.html", form, plan=plan, plans=plans, c=None, source=source)


def _prefill_from_source(form: CommitmentForm, source: links.Ref) -> None:
    """Title and a link back, in each language the source has."""
    for lang in ("fr", "en"):
        with force_locale(LOCALES[lang]):
            ref = links.resolve(source.type, source.id)
        title = ref.title if ref is not None else source.title
        fallback = isinstance(title, LocalizedText) and title.is_fallback
        args = dict(source.url_args)
        if current_app.url_map.is_endpoint_expecting(source.endpoint, "lang"):
            args["lang"] = lang
        url = url_for(source.endpoint, **args)
        if not fallback or lang == current_lang():
            getattr(form, f"title_{lang}").data = str(title)
        intro = "Proposé à partir de" if lang == "fr" else "Proposed from"
        sep = " :" if lang == "fr" else ":"
        getattr(form, f"description_{lang}").data = f"{intro}{sep} [{title}]({url})"


@bp.route("/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "edit")
    form = CommitmentForm()
    if request.method == "GET":
        form.fill(services.input_from_commitment(c))
    form.set_choices(c.plan)
    if form.validate_on_submit():
        with transaction(form) as tx:
            changes = services.update_commitment(c, form.to_input(), current_user)
        if tx.ok:
            return see_other(url_for("commitments.view", commitment_id=c.id),
                             _("Commitment %(ref)s saved.", ref=c.ref) if changes else _("Nothing changed."))
    return render_form("commitments/form.html", form, plan=c.plan, plans=[c.plan], c=c, source=None)


@bp.route("/plans/<code>/import", methods=["GET", "POST"])
def import_csv(code: str):
    plan = get_plan_or_404(code, "import")
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        # A file with a bad row, or a check only, writes nothing: committing it keeps nothing.
        with transaction(form) as tx:
            result = importers.import_file(plan, form.to_input(), actor=current_user)
        if tx.ok and result.ok and not result.dry_run:
            return see_other(url_for("commitments.list", code=plan.code),
                             _("Import done: %(c)s created, %(u)s updated, %(n)s unchanged.", c=len(result.created),
                               u=len(result.updated), n=len(result.unchanged)))
    refused = result is not None and not result.ok
    return render_form("commitments/import.html", form, plan=plan, result=result, status=INVALID if refused else None)
