"""Tables in and out, as CSV or XLSX, for every export and import (one code path for both formats).

Reading: `read_table(content)` recognises an XLSX workbook by its content (a zip) and otherwise reads CSV in
UTF-8; either way the importers get the same header and rows of text, each with its line (the CSV line, or
the spreadsheet's row number). Writing: `to_csv(rows)` escapes formulas (a cell starting with = + - @ gets a
leading apostrophe, which `read_table` removes again, so an export imports back unchanged); `to_xlsx(sheets)`
writes one sheet per table, header row frozen and bold, dates and amounts typed, column widths set, and text
cells always stored as text (never run as formulas)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


class TableError(ValueError):
    """The file is neither an XLSX workbook nor CSV in UTF-8."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]   # (line or row number, cells as text)

    def dicts(self) -> list[tuple[int, dict[str, str]]]:
        """Rows as {column: text}, blank rows left out; cells beyond the header are kept under `None`."""
        out = []
        for line, cells in self.rows:
            if not any(c.strip() for c in cells):
                continue
            row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(self.header) if h}
            if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header):]):
                row[None] = cells[len(self.header):]  # type: ignore[index]
            out.append((line, row))
        return out


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def read_table(content: bytes | str, sheet: str | None = None) -> Table:
    if isinstance(content, bytes) and is_xlsx(content):
        return _read_xlsx(content, sheet)
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError("not UTF-8") from None
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    header: list[str] | None = None
    rows = []
    for cells in reader:
        if header is None:
            header = [c.strip() for c in cells]
            continue
        rows.append((reader.line_num, [_unescape(c) for c in cells]))
    return Table(header or [], rows)


def _unescape(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_START and value[1:2] else value


def _read_xlsx(content: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or encrypted workbook: openpyxl raises many kinds
        raise TableError("not a readable XLSX workbook") from None
    ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    header: list[str] | None = None
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        if header is None:
            header = [c.strip() for c in cells]
            continue
        rows.append((number, cells))
    wb.close()
    return Table(header or [], rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def csv_safe(value: Any) -> str:
    """Cells starting with = + - @ would run as formulas in a spreadsheet."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in FORMULA_START and value else value


def to_csv(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow([csv_safe(_plain(v)) for v in row])
    return buf.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


# Column kinds of an XLSX sheet: how a cell is typed and shown.
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "money": "#,##0.00", "number": "#,##0.##",
           "int": "0"}


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Any]]
    kinds: dict[str, str] = field(default_factory=dict)   # column -> date | datetime | money | number | int


def to_xlsx(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title))
        ws.append(list(sheet.header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        widths = [len(str(h)) for h in sheet.header]
        for r, row in enumerate(sheet.rows, start=2):
            for c, value in enumerate(row, start=1):
                kind = sheet.kinds.get(sheet.header[c - 1], "text")
                _put(ws.cell(row=r, column=c), value, kind)
                widths[c - 1] = max(widths[c - 1], min(MAX_WIDTH, _shown_width(value)))
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = min(MAX_WIDTH, width + 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31] or "Sheet"


def _put(cell, value: Any, kind: str) -> None:
    if value is None or value == "":
        return
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)   # Excel has no time zones: the value is in UTC
    if isinstance(value, (date, Decimal, int, float)) and not isinstance(value, bool):
        cell.value = value
        if kind in FORMATS:
            cell.number_format = FORMATS["datetime" if isinstance(value, datetime) else kind] \
                if kind in ("date", "datetime") else FORMATS[kind]
        return
    cell.value = _plain(value) if not isinstance(value, str) else value
    cell.data_type = "s"   # text stays text: "=SUM(...)" typed by someone is not run as a formula


def _shown_width(value: Any) -> int:
    if isinstance(value, (date, datetime)):
        return 10 if not isinstance(value, datetime) else 16
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def csv_response(rows: list[list[Any]], filename: str, headers: dict[str, str] | None = None) -> Response:
    return Response("\ufeff" + to_csv(rows), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})


def xlsx_response(sheets: list[Sheet], filename: str, headers: dict[str, str] | None = None) -> Response:
    return Response(to_xlsx(sheets), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})
