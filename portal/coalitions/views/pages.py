"""Read-only pages: the map, a province or territory, the gap matrix, the directory, record pages."""
from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

from flask import Response, abort, render_template, request
from flask_login import current_user

from ...auth.models import JURISDICTIONS, jurisdiction_name
from ...commitments.queries import commitments_for_jurisdiction
from ...i18n import _
from ...permissions import authorize, can, get_or_404
from .. import queries, vocab
from ..geo import canada_map
from ..models import Coalition, Protocol, Service, Strategy
from ..blueprint import bp


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def readable_or_404(model, ident):
    record = get_or_404(model, ident)
    if not queries.may_read(current_user, record):
        abort(404)  # drafts are not revealed to those who may not see them
    return record


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
    code = code.upper()
    if code not in JURISDICTIONS:
        abort(404)
    commitments = commitments_for_jurisdiction(code, current_user)
    services = queries.visible(Service, current_user, province=code)
    covered = {c for s in services for c in (s.categories or [])}
    return render_template(
        "coalitions/province.html", code=code, name=jurisdiction_name(code),
        coalitions=queries.visible(Coalition, current_user, province=code),
        strategies=queries.visible(Strategy, current_user, province=code),
        protocols=queries.visible(Protocol, current_user, province=code),
        services=services, missing=[c for c in vocab.CATEGORIES if c not in covered],
        notes=queries.region_notes(code, current_user), commitments=commitments,
        may_add_note=can(current_user, "directory.edit", SimpleNamespace(jurisdiction_code=code)),
        due=queries.due_protocols(current_user, province=code))


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
    rows, columns, cells = queries.gap_matrix(current_user, filters)
    vocabulary = vocab.ACTIVITIES if filters.axis == "activities" else vocab.CATEGORIES
    ctx = dict(filters=filters, rows=rows, columns=columns, cells=cells, vocabulary=vocabulary,
               query_string=request.query_string.decode())
    if _is_htmx():
        return render_template("coalitions/_gaps.html", **ctx)
    return render_template("coalitions/gaps.html", **ctx)


def csv_safe(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/gaps.csv")
def gaps_csv():
    filters = _gap_filters()
    rows, columns, cells = queries.gap_matrix(current_user, filters)
    vocabulary = vocab.ACTIVITIES if filters.axis == "activities" else vocab.CATEGORIES
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Province or territory"), _("Code"), _("Column code"), _("Column"), _("Records"),
                     _("Names"), _("Last confirmed")])
    for r in rows:
        for c in columns:
            cell = cells[(r, c)]
            writer.writerow([csv_safe(jurisdiction_name(r)), r, c, csv_safe(vocab.label(vocabulary, c)), cell.count,
                             csv_safe("; ".join(str(x.title) for x in cell.records)),
                             cell.last_confirmed.date().isoformat() if cell.last_confirmed else ""])
    name = f"concerto-gaps-{filters.axis}-{date.today().isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


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
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
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
    return render_template("coalitions/coalition.html", record=readable_or_404(Coalition, coalition_id))


@bp.get("/strategy/<int:strategy_id>")
def strategy(strategy_id: int):
    return render_template("coalitions/strategy.html", record=readable_or_404(Strategy, strategy_id))


@bp.get("/protocol/<int:protocol_id>")
def protocol(protocol_id: int):
    from ..forms import VersionForm

    record = readable_or_404(Protocol, protocol_id)
    return render_template("coalitions/protocol.html", record=record, version_form=VersionForm())


@bp.get("/service/<int:service_id>")
def service(service_id: int):
    return render_template("coalitions/service.html", record=readable_or_404(Service, service_id))


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
    from ...db import utcnow

    stale = [r for r in queries.stale_records(now=utcnow()) if can(current_user, "directory.edit", r)]
    stale.sort(key=lambda r: r.last_confirmed_at)
    return render_template("coalitions/due.html", due=queries.due_protocols(current_user),
                           window=queries.DUE_WINDOW_DAYS, today=date.today(), stale=stale)


@bp.context_processor
def _directory_helpers():
    return {"vocab": vocab, "label": vocab.label, "labels": vocab.labels}
