"""The directory as spreadsheets (anyone, within what they may see): one CSV per record type, in the
import's columns, and one XLSX workbook with a sheet per type. The gap matrix's exports are in pages.py."""
from __future__ import annotations

from datetime import date

from flask_login import current_user

from ...spreadsheets import csv_response, xlsx_response
from .. import exports
from ..blueprint import bp


@bp.get("/export/<any(coalition,strategy,protocol,service,note):record_type>.csv")
def export_csv(record_type: str):
    sheet = exports.notes_sheet(current_user) if record_type == "note" else \
        exports.directory_sheet(record_type, current_user)
    return csv_response([sheet.header] + sheet.rows, f"concerto-{record_type}-{date.today().isoformat()}.csv")


@bp.get("/export/directory.xlsx")
def export_xlsx():
    return xlsx_response(exports.directory_workbook(current_user),
                         f"concerto-directory-{date.today().isoformat()}.xlsx")
