"""Spreadsheet exports of a plan (anyone, within what they may see): the commitments as XLSX with their
partners, spending and indicators, and spending and indicators as CSV. The commitments' CSV is in pages.py."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from ... import audit
from ...i18n import _l
from ...spreadsheets import Sheet, csv_response, xlsx_response
from .. import exports, queries
from ..access import get_plan_or_404, levels_read
from ..blueprint import bp


@bp.route("/plans/<code>/commitments.xlsx")
def export_xlsx(code: str):
    plan = get_plan_or_404(code)
    f = queries.Filters.from_args(request.args)
    book = exports.workbook(plan, current_user, f)
    audit.record_read("plan.exported", plan, actor=current_user,
                      visibilities=levels_read(plan, queries.all_filtered(plan, current_user, f)), what=_l("commitments %(format)s", format="xlsx"))
    return xlsx_response(book, f"{plan.code}-commitments.xlsx")


@bp.route("/plans/<code>/<any(spending,indicators):table>.<any(csv,xlsx):fmt>")
def export_table(code: str, table: str, fmt: str):
    plan = get_plan_or_404(code)
    tables = exports.tables(plan, current_user, queries.Filters())
    if table not in tables:
        abort(404)
    header, rows = tables[table]
    name = f"{plan.code}-{table}.{fmt}"
    audit.record_read("plan.exported", plan, actor=current_user, what=_l("spending %(format)s", format=fmt) if table == "spending"
                      else _l("indicators %(format)s", format=fmt),
                      visibilities=levels_read(plan, [None] * len(rows)) if plan.status == "draft" else [])
    if fmt == "csv":
        return csv_response([list(header)] + rows, name)
    return xlsx_response([Sheet(table, list(header), rows, kinds=exports.KINDS)], name)
