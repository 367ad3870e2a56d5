"""The directory and the gap matrix as tables, for the CSV and XLSX exports. The directory's columns are
the import's (importers.SPECS, plus `id`), so an export imports back with nothing changed; everyone gets
the records the pages show them."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..auth.models import Organisation, jurisdiction_name
from ..extensions import db
from ..i18n import _
from ..spreadsheets import Sheet
from . import queries, vocab
from .access import sees_internal
from .importers import COMMON, NOTE_SPEC, RENAMED, SPECS
from .models import MODELS, RegionNote
from .services.inputs import organisations_of

RECORD_TYPES = tuple(SPECS)
KIND_FORMAT = {"date": "date", "year": "int"}


def columns(record_type: str) -> list[str]:
    return ["id", *COMMON, *SPECS[record_type]]


def _cell(record, column: str, kind: str, names: dict[int, str]) -> Any:
    if column == "owner":
        return names.get(record.owner_organisation_id, "")
    if column == "last_confirmed":
        return record.last_confirmed_at.date() if record.last_confirmed_at else None
    if kind == "orgs":
        return ";".join(sorted(o.short_name for o in organisations_of(record)))
    value = getattr(record, RENAMED.get(column, column))
    if kind == "province":
        return value or vocab.NATIONAL
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "codes":
        return ";".join(value or [])
    if kind == "list":
        return ";".join(line.strip() for line in (value or "").splitlines() if line.strip())
    return value


def directory_sheet(record_type: str, user: Any) -> Sheet:
    spec = {**COMMON, **SPECS[record_type]}
    names = dict(db.session.execute(select(Organisation.id, Organisation.short_name)).all())
    records = queries.visible(MODELS[record_type], user)
    rows = [[r.id] + [_cell(r, col, spec[col][0], names) for col in spec] for r in records]
    kinds = {col: KIND_FORMAT[kind] for col, (kind, _r, _v) in spec.items() if kind in KIND_FORMAT}
    return Sheet(record_type, columns(record_type), rows, kinds={"id": "int", **kinds})


def notes_sheet(user: Any) -> Sheet:
    stmt = select(RegionNote).order_by(RegionNote.jurisdiction_code, RegionNote.id)
    if not sees_internal(user):
        stmt = stmt.where(RegionNote.published.is_(True))
    header = list(NOTE_SPEC)
    rows = [[n.jurisdiction_code, n.title_fr, n.title_en, n.body_fr, n.body_en, n.source, n.source_lang or "", n.year]
            for n in db.session.scalars(stmt)]
    return Sheet("note", header, rows, kinds={"year": "int"})


def directory_workbook(user: Any) -> list[Sheet]:
    """One sheet per record type, named by the type (the import finds its sheet by that name)."""
    return [directory_sheet(t, user) for t in RECORD_TYPES] + [notes_sheet(user)]


def gap_table(matrix: queries.GapMatrix) -> tuple[list[str], list[list[Any]]]:
    header = [_("Province or territory"), _("Code"), _("Column code"), _("Column"), _("Records"), _("Names"),
              _("Last confirmed")]
    rows = []
    for r in matrix.rows:
        for c in matrix.columns:
            cell = matrix.cells[(r, c)]
            rows.append([str(jurisdiction_name(r)), r, c, str(vocab.label(matrix.vocabulary, c)), cell.count,
                         "; ".join(str(x.title) for x in cell.records),
                         cell.last_confirmed.date() if cell.last_confirmed else None])
    return header, rows


def gap_sheet(matrix: queries.GapMatrix) -> Sheet:
    header, rows = gap_table(matrix)
    return Sheet(_("Gaps"), header, rows, kinds={header[4]: "int", header[6]: "date"})
