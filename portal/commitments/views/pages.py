"""Pages of the commitments feature: plans, dashboard, list, commitment page, forms, report, open data."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from ... import links
from ...extensions import db
from ...i18n import _, _l, current_lang, localized
from ...permissions import authorize, authorize_some, can, may_see
from .. import queries, services
from ..access import get_commitment_or_404, get_plan_or_404, may_see_commitment
from ..forms import CommitmentForm, ImportForm
from ..importer import export_rows, import_commitments, to_csv
from ..models import Commitment, CommitmentEvent, Indicator, Plan, Spending
from ..models.commitment import PARTNER_ROLES
from ..report import report_context
from ..chart import spending_chart
from ...rules import attach_errors
from ..blueprint import bp
from ..rules import RuleError, fiscal_year_of, parse_fiscal_year



EVENT_LABELS = {"created": _l("Created"), "updated": _l("Changed"), "imported": _l("Imported from a file"),
                "update_published": _l("Progress report published"), "spending": _l("Spending recorded"),
                "indicator": _l("Indicator added")}
FIELD_LABELS = {"ref": _l("Reference"), "title_fr": _l("Title in French"), "title_en": _l("Title in English"),
                "description_fr": _l("Description in French"), "description_en": _l("Description in English"),
                "lead": _l("Lead"), "pillar": _l("Pillar"), "objective": _l("Objective"), "parent": _l("Part of"),
                "start_date": _l("Start"), "due_kind": _l("Kind of due date"), "due_date": _l("Due"),
                "due_fiscal_year": _l("Due fiscal year"), "status": _l("Status"), "progress": _l("Progress"),
                "visibility": _l("Visibility"), "weight": _l("Weight"), "partners": _l("Partners"),
                "jurisdictions": _l("Provinces and territories"), "fiscal_year": _l("Fiscal year"),
                "planned": _l("Planned"), "actual": _l("Actual"), "variance_reason": _l("Reason for the difference"),
                "indicator": _l("Indicator")}


def report_fy(plan: Plan) -> str:
    """The last complete fiscal year of the plan's period, or the one before today's."""
    today = date.today()
    last = plan.period_end if plan.period_end and plan.period_end < today else today.replace(year=today.year - 1)
    return fiscal_year_of(last)


HIDDEN_FIELDS = {"due_kind", "due_fiscal_year"}  # shown through "due"


def history_value(field: str, value, plan: Plan) -> str:
    """A history value as a reader understands it: labels, not keys; dates and money formatted."""
    from ...i18n import format_date, format_money
    from ..models.commitment import VISIBILITIES

    if value in (None, ""):
        return "—"
    lang = current_lang()
    if field == "status":
        s = plan.status_by_key().get(value)
        return getattr(s, f"label_{lang}") if s else str(value)
    if field == "visibility":
        return str(VISIBILITIES.get(value, value))
    if field == "pillar":
        p = next((p for p in plan.pillars if p.key == value), None)
        return str(localized(p, "title")) if p else str(value)
    if field == "progress":
        return f"{value} %"
    if field in ("planned", "actual"):
        return format_money(value)
    if field in ("due_date", "start_date"):
        try:
            return format_date(date.fromisoformat(str(value)), "medium")
        except ValueError:
            return str(value)
    if field == "partners":
        return "; ".join(f"{name} ({PARTNER_ROLES.get(role, role)})" if role else name
                         for name, _s, role in (item.strip().partition(":") for item in str(value).split(";"))
                         if name)
    return str(value)


@bp.context_processor
def _helpers():
    return {"spending_chart": spending_chart, "report_fy": report_fy,
            "event_label": lambda k: str(EVENT_LABELS.get(k, k)),
            "field_label": lambda k: str(FIELD_LABELS.get(k, k)),
            "history_value": history_value, "history_hidden": HIDDEN_FIELDS}


@bp.route("/")
def index():
    plans = queries.visible_plans(current_user)
    return render_template("commitments/index.html", plans=plans)


@bp.route("/plans/<code>")
def plan(code: str):
    plan = get_plan_or_404(code)
    data = queries.dashboard(plan, current_user)
    indicators = db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id, Indicator.commitment_id.is_(None))
                                    .options(selectinload(Indicator.objective)).order_by(Indicator.id)).all()
    return render_template("commitments/dashboard.html", plan=plan, d=data, today=date.today(), indicators=indicators,
                           by_org=queries.spending_totals(plan, current_user, "organisation"),
                           by_pillar=queries.spending_totals(plan, current_user, "pillar"),
                           cycles=queries.open_cycles(plan.id))


def _org_choices():
    from ...auth.models import Organisation

    return list(db.session.execute(select(Organisation.short_name, Organisation.name_fr, Organisation.name_en)
                                   .where(Organisation.active.is_(True)).order_by(Organisation.short_name)))


@bp.route("/plans/<code>/commitments", endpoint="list")
def commitment_list(code: str):
    plan = get_plan_or_404(code)
    f = queries.Filters.from_args(request.args)
    rows, total = queries.commitment_page(plan, current_user, f)
    pages = max(1, (total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE)
    ctx = dict(plan=plan, rows=rows, total=total, f=f, pages=pages, today=date.today(),
               closed=plan.closed_status_keys(), statuses=plan.status_by_key())
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "commitment-results":
        return render_template("commitments/_results.html", **ctx)
    return render_template("commitments/list.html", orgs=_org_choices(), **ctx)


@bp.route("/plans/<code>/commitments.csv")
def export_csv(code: str):
    plan = get_plan_or_404(code)
    f = queries.Filters.from_args(request.args)
    body = to_csv(export_rows(queries.all_filtered(plan, current_user, f)))
    return Response("\ufeff" + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{plan.code}-commitments.csv"'})


@bp.route("/plans/<code>/timeline")
def timeline(code: str):
    plan = get_plan_or_404(code)
    rows = queries.all_filtered(plan, current_user, queries.Filters())
    groups: dict[str, list] = {}
    for c in sorted(rows, key=lambda c: (c.due_date or date.max, c.sort_key)):
        key = fiscal_year_of(c.due_date) if c.due_date else ("ongoing" if c.due_kind == "ongoing" else "none")
        groups.setdefault(key, []).append(c)
    return render_template("commitments/timeline.html", plan=plan, groups=groups, today=date.today(),
                           closed=plan.closed_status_keys(), statuses=plan.status_by_key())


@bp.route("/plans/<code>/report/<fy>")
def report(code: str, fy: str):
    plan = get_plan_or_404(code)
    try:
        fy = parse_fiscal_year(fy)
    except ValueError:
        abort(404)
    return render_template("commitments/report.html", **report_context(plan, fy))


@bp.route("/mine")
def mine():
    authorize_some("update.submit")
    org_id = current_user.organisation_id
    stmt = select(Commitment).where(queries.visible_clause(current_user)).where(
        (Commitment.lead_organisation_id == org_id) | Commitment.id.in_(queries._co_lead_ids(org_id))) \
        .options(selectinload(Commitment.plan), selectinload(Commitment.lead_organisation)) \
        .order_by(Commitment.plan_id, Commitment.sort_key)
    rows = db.session.scalars(stmt).all()
    from ..models import ProgressUpdate

    pending = db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.commitment_id.in_([c.id for c in rows]) if rows else false(),
        ProgressUpdate.state.in_(("draft", "returned", "submitted"))).order_by(ProgressUpdate.id.desc())).all()
    cycles = []
    for cy in queries.open_cycles():
        mine_row = next((r for r in queries.cycle_completion(cy) if r["organisation"].id == org_id), None)
        cycles.append((cy, mine_row))
    return render_template("commitments/mine.html", rows=rows, pending=pending, today=date.today(), cycles=cycles)


@bp.route("/<int:commitment_id>")
def view(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "view")
    statuses = c.plan.status_by_key()
    children = [ch for ch in c.children if may_see_commitment(current_user, ch)]
    updates = queries.visible_updates(c, current_user)
    sees_all = can(current_user, "internal.read") or may_see(current_user, "secretariat")
    events = db.session.scalars(select(CommitmentEvent).where(CommitmentEvent.commitment_id == c.id)
                                .order_by(CommitmentEvent.at.desc(), CommitmentEvent.id.desc())).all()
    if not sees_all:
        events = [e for e in events if e.public]
    spending = db.session.scalars(select(Spending).where(Spending.commitment_id == c.id)
                                  .order_by(Spending.fiscal_year)).all()
    indicators = db.session.scalars(select(Indicator).where(Indicator.commitment_id == c.id)
                                    .order_by(Indicator.id)).all()
    objective_indicators = db.session.scalars(select(Indicator).where(
        Indicator.objective_id == c.objective_id, Indicator.commitment_id.is_(None))).all() if c.objective_id else []
    return render_template("commitments/view.html", c=c, statuses=statuses, children=children, updates=updates,
                           events=events, spending=spending, indicators=indicators,
                           objective_indicators=objective_indicators, linked=links.linked("commitment", c.id, current_user),
                           today=date.today(), closed=c.plan.closed_status_keys(),
                           show_person=can(current_user, "update.publish"), roles=PARTNER_ROLES)


def _fill_choices(form: CommitmentForm, plan: Plan) -> None:
    lang = current_lang()
    form.pillar.choices = [("", "—")] + [(p.key, str(localized(p, "title", lang))) for p in plan.pillars]
    form.objective_ref.choices = [("", "—")] + [(o.ref, f"{o.ref} {str(localized(o, 'title', lang))[:80]}")
                                                for o in plan.objectives]
    form.status.choices = [(s.key, getattr(s, f"label_{lang}")) for s in plan.statuses]


def _input_from_form(form: CommitmentForm) -> services.CommitmentInput:
    from ..importer import _partners

    return services.CommitmentInput(
        ref=form.ref.data or "", parent_ref=form.parent_ref.data or "", pillar_key=form.pillar.data or "",
        objective_ref=form.objective_ref.data or "", title_fr=form.title_fr.data or "", title_en=form.title_en.data or "",
        description_fr=form.description_fr.data or "", description_en=form.description_en.data or "",
        lead=form.lead.data or "", partners=_partners(form.partners.data or ""), start=form.start.data or "",
        due=form.due.data or "", status=form.status.data or "", progress=form.progress.data or "",
        visibility=form.visibility.data or "public", jurisdictions=form.jurisdictions.data or [],
        weight=form.weight.data or 1)


def _source_ref(source_type: str, source_id: str):
    if not source_type or not (source_id or "").isdigit():
        return None
    ref = links.resolve(source_type, int(source_id))
    if ref is None or not may_see(current_user, ref.visibility, ref.owner_org_ids):
        return None
    return ref


@bp.route("/new", methods=["GET", "POST"])
def new():
    authorize_some("commitment.edit")
    plans = [p for p in queries.visible_plans(current_user) if p.status != "closed"] or \
        queries.visible_plans(current_user)
    code = request.values.get("plan") or (plans[0].code if plans else "")
    if not code:
        flash(_("There is no plan yet. The secretariat imports or creates a plan first."), "warning")
        return redirect(url_for("commitments.index"), 303)
    plan = get_plan_or_404(code)
    form = CommitmentForm()
    _fill_choices(form, plan)
    source = _source_ref(request.values.get("source_type", ""), request.values.get("source_id", ""))
    if request.method == "GET":
        if not can(current_user, "commitment.edit"):
            form.lead.data = current_user.organisation.short_name
        if source is not None:
            form.source_type.data, form.source_id.data = source.type, str(source.id)
            _prefill_from_source(form, source)
    if form.validate_on_submit():
        data = _input_from_form(form)
        try:
            values = services.resolve(plan, data)
            _check_lead_may_own(values)
            c = services.create_commitment(plan, data, current_user, values=values)
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            if source is not None:
                links.add_link("commitment", c.id, source.type, source.id, "proposed_from", actor=current_user)
            db.session.commit()
            flash(_("Commitment %(ref)s created.", ref=c.ref), "success")
            return redirect(url_for("commitments.view", commitment_id=c.id), 303)
    return render_template("commitments/form.html", form=form, plan=plan, plans=plans, c=None, source=source)


def _prefill_from_source(form: CommitmentForm, source) -> None:
    """Title and a link back, in each language the source has."""
    from flask import current_app

    from ...i18n import LOCALES, LocalizedText, force_locale

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


def _check_lead_may_own(values: dict) -> None:
    """A department lead may only create or move commitments into its own organisation's hands."""
    if can(current_user, "commitment.edit"):
        return
    owners = {values["lead_organisation_id"]} | {o for o, r in values["partners"] if r == "co_lead"}
    if current_user.organisation_id not in owners:
        raise RuleError({"lead": _("You can only lead or co-lead commitments for your own organisation.")})


@bp.route("/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit(commitment_id: int):
    c = get_commitment_or_404(commitment_id, "edit")
    form = CommitmentForm()
    _fill_choices(form, c.plan)
    if request.method == "GET":
        data = services.input_from_commitment(c)
        form.process(data={**data.__dict__, "pillar": data.pillar_key,
                           "partners": "; ".join(f"{s}:{r}" for s, r in data.partners)})
        _fill_choices(form, c.plan)
    if form.validate_on_submit():
        data = _input_from_form(form)
        try:
            values = services.resolve(c.plan, data, existing=c)
            _check_lead_may_own(values)
            changes = services.update_commitment(c, data, current_user, values=values)
        except RuleError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Commitment %(ref)s saved.", ref=c.ref) if changes else _("Nothing changed."), "success")
            return redirect(url_for("commitments.view", commitment_id=c.id), 303)
    return render_template("commitments/form.html", form=form, plan=c.plan, plans=[c.plan], c=c, source=None)


@bp.route("/plans/<code>/import", methods=["GET", "POST"])
def import_csv(code: str):
    plan = get_plan_or_404(code)
    authorize("commitment.import")
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = [_("The file must be saved as CSV in UTF-8.")]
        else:
            result = import_commitments(plan, text, dry_run=form.dry_run.data, actor=current_user)
            if result.ok and not result.dry_run:
                db.session.commit()
                flash(_("Import done: %(c)s created, %(u)s updated, %(n)s unchanged.", c=len(result.created),
                        u=len(result.updated), n=len(result.unchanged)), "success")
                return redirect(url_for("commitments.list", code=plan.code), 303)
            db.session.rollback()
    return render_template("commitments/import.html", form=form, plan=plan, result=result)

