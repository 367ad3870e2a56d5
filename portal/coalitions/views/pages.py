"""Read-only pages: the map, a province or territory, the gap matrix, the directory, record pages."""
from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from ...auth.models import JURISDICTIONS, jurisdiction_name
from ...commitments.queries import commitments_for_jurisdiction
from ...db import utcnow
from ...flow import form_status
from ...guards import page_arg
from ...permissions import authorize, can
from ...spreadsheets import csv_response, xlsx_response
from .. import access, exports, queries, vocab
from ..blueprint import bp
from ..forms import VersionForm
from ..geo import canada_map
from ..models import Coalition, Protocol


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


@bp.get("/")
def index():
    measure = request.args.get("measure", "coalitions")
    if measure not in queries.MEASURES:
        measure = "coalitions"
    figures = queries.province_figures(current_user)
    ctx = dict(measure=measure, figures=figures, geo=canada_map(), measures=queries.MEASURES,
               bins=queries.bins_for(measure), bin_index=queries.bin_index, measure_value=queries.measure_value,
               national=queries.visible(Coalition, current_user, province=vocab.NATIONAL))
    if _is_htmx():
        return render_template("coalitions/_map.html", **ctx)
    return render_template("coalitions/index.html", **ctx)


@bp.get("/provinces/<code>")
def province(code: str):
    code = access.get_province_or_404(code)
    here = queries.province_overview(code, current_user)
    return render_template(
        "coalitions/province.html", code=code, name=jurisdiction_name(code), coalitions=here.coalitions,
        strategies=here.strategies, protocols=here.protocols, services=here.services,
        missing=here.missing_categories, notes=here.notes, due=here.due,
        commitments=commitments_for_jurisdiction(code, current_user), may_add_note=access.may_edit_in(code))


def _gap_filters() -> queries.GapFilters:
    axis = request.args.get("axis", "categories")
    provinces = [p for p in request.args.getlist("province") if p in JURISDICTIONS]
    population = request.args.get("population", "")
    return queries.GapFilters(axis=axis if axis in ("categories", "activities") else "categories",
                              provinces=provinces,
                              population=population if population in vocab.POPULATIONS else "",
                              open_24_7=request.args.get("open_24_7") == "1",
                              gaps_only=request.args.get("gaps_only") == "1")


@bp.get("/gaps")
def gaps():
    filters = _gap_filters()
    matrix = queries.gap_matrix(current_user, filters)
    ctx = dict(filters=filters, rows=matrix.rows, columns=matrix.columns, cells=matrix.cells,
               vocabulary=matrix.vocabulary, query_string=request.query_string.decode())
    if _is_htmx():
        return render_template("coalitions/_gaps.html", **ctx)
    return render_template("coalitions/gaps.html", **ctx)


@bp.get("/gaps.csv")
def gaps_csv():
    filters = _gap_filters()
    header, rows = exports.gap_table(queries.gap_matrix(current_user, filters))
    return csv_response([header] + rows, f"concerto-gaps-{filters.axis}-{date.today().isoformat()}.csv")


@bp.get("/gaps.xlsx")
def gaps_xlsx():
    filters = _gap_filters()
    return xlsx_response([exports.gap_sheet(queries.gap_matrix(current_user, filters))],
                         f"concerto-gaps-{filters.axis}-{date.today().isoformat()}.xlsx")


def _directory_filters() -> queries.DirectoryFilters:
    args = request.args
    province = args.get("province", "")
    return queries.DirectoryFilters(
        q=args.get("q", "")[:200],
        province=province if province in JURISDICTIONS or province == vocab.NATIONAL else "",
        category=args.get("category", "") if args.get("category") in vocab.CATEGORIES else "",
        population=args.get("population", "") if args.get("population") in vocab.POPULATIONS else "",
        language=args.get("language", "") if args.get("language") in vocab.LANGUAGES else "",
        open_24_7=args.get("open_24_7") == "1")


PER_PAGE = 25


@bp.get("/services")
def directory():
    filters = _directory_filters()
    results = queries.search_services(current_user, filters)
    page = page_arg()
    pages = max(1, -(-len(results) // PER_PAGE))
    page = min(page, pages)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    ctx = dict(filters=filters, total=len(results), page=page, pages=pages, page_args=args,
               results=results[(page - 1) * PER_PAGE: page * PER_PAGE])
    if _is_htmx():
        return render_template("coalitions/_directory_results.html", **ctx)
    return render_template("coalitions/directory.html", **ctx)


@bp.get("/coalition/<int:coalition_id>")
def coalition(coalition_id: int):
    return render_template("coalitions/coalition.html", record=access.get_coalition_or_404(coalition_id))


@bp.get("/strategy/<int:strategy_id>")
def strategy(strategy_id: int):
    return render_template("coalitions/strategy.html", record=access.get_strategy_or_404(strategy_id))


def render_protocol(record: Protocol, version_form: VersionForm):
    """The protocol's page; with the version form refused (422) when it was sent with errors."""
    return render_template("coalitions/protocol.html", record=record, version_form=version_form), \
        form_status(version_form)


@bp.get("/protocol/<int:protocol_id>")
def protocol(protocol_id: int):
    return render_protocol(access.get_protocol_or_404(protocol_id), VersionForm())


@bp.get("/service/<int:service_id>")
def service(service_id: int):
    return render_template("coalitions/service.html", record=access.get_service_or_404(service_id))


@bp.get("/protocols")
def protocols():
    province = request.args.get("province", "")
    status = request.args.get("status", "")
    rows = queries.visible(Protocol, current_user,
                           province=province if province in JURISDICTIONS or province == vocab.NATIONAL else None)
    if status in vocab.PROTOCOL_STATUSES:
        rows = [p for p in rows if p.status == status]
    return render_template("coalitions/protocols.html", protocols=rows, province=province, status=status,
                           due=queries.due_protocols(current_user))


@bp.get("/protocols/due")
def due():
    authorize("internal.read")
    stale = [r for r in queries.stale_records(now=utcnow()) if can(current_user, "directory.edit", r)]
    stale.sort(key=lambda r: r.last_confirmed_at)
    return render_template("coalitions/due.html", due=queries.due_protocols(current_user),
                           window=queries.DUE_WINDOW_DAYS, today=date.today(), stale=stale)


@bp.context_processor
def _directory_helpers():
    return {"vocab": vocab, "label": vocab.label, "labels": vocab.labels}
