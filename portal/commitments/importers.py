"""Import of a plan's commitments from CSV or XLSX: upsert by ref, all or nothing; and the export it round-trips.

Every row is checked before anything is written; a file with any bad row changes nothing and the
report lists every bad row with its line number and the reason, all in one pass. A column left out of the
file keeps what the commitment says (or the default for a new one), so exporting then importing the same
file changes nothing. The format is documented in docs/commitments.md."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..auth.models import Organisation
from ..extensions import db
from ..guards import parse_int
from ..i18n import _
from ..rules import RuleError
from ..spreadsheets import Sheet, TableError, csv_safe, read_table, to_csv  # noqa: F401  (csv_safe, to_csv: the export's)
from .models import Commitment, Plan
from .rules import parse_partners
from .services import CommitmentInput, Resolved, create_commitment, org_lookup, resolve, update_commitment

COLUMNS = ("ref", "parent_ref", "pillar", "objective_ref", "title_fr", "title_en", "description_fr",
           "description_en", "lead", "partners", "start", "due", "status", "progress")
OPTIONAL_COLUMNS = ("weight", "visibility", "jurisdictions")
EXPORT_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
REQUIRED_COLUMNS = ("ref", "lead")
TYPED = {"start": "date", "due": "date", "progress": "int", "weight": "int"}


@dataclass
class ImportInput:
    """A CSV file as sent (bytes), and whether to check it only."""
    content: bytes
    dry_run: bool = False


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    data: CommitmentInput
    target: Commitment | None
    values: Resolved

    @property
    def ref(self) -> str:
        return self.data.ref.strip()


def import_file(plan: Plan, data: ImportInput, actor: Any = None) -> ImportReport:
    """The web's and the command's way in: an XLSX workbook or CSV in UTF-8; anything else is refused on the
    `file` field."""
    try:
        table = read_table(data.content)
    except TableError:
        raise RuleError(field="file", message=_("The file must be an XLSX workbook or CSV saved in UTF-8.")) from None
    return import_commitments(plan, table, dry_run=data.dry_run, actor=actor)


def read_rows(content: bytes | str | Any) -> tuple[list[tuple[int, dict]], list[tuple[int, str]], list[str]]:
    """(line, {column: text}) of every non-blank row, the header's problems, and the header."""
    table = content if hasattr(content, "dicts") else read_table(content)
    header = table.header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if "title_fr" not in header and "title_en" not in header:
        missing.append("title_fr / title_en")
    if missing:
        return [], [(1, _("Missing columns: %(cols)s.", cols=", ".join(missing)))], header
    unknown = [c for c in header if c and c not in EXPORT_COLUMNS]
    if unknown:
        return [], [(1, _("Unknown columns: %(cols)s.", cols=", ".join(unknown)))], header
    rows = []
    for line, row in table.dicts():
        rows.append((line, {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str) and k}))
    return rows, [], header


def _status_key(plan: Plan, value: str) -> str:
    """A status key, or its label in either language ("On track", "En bonne voie"), as the key."""
    statuses = plan.status_by_key()
    if value in statuses or not value:
        return value
    wanted = value.strip().casefold()
    for key, st in statuses.items():
        if wanted in (key.casefold(), (st.label_fr or "").casefold(), (st.label_en or "").casefold()):
            return key
    return value


def _row_input(plan: Plan, r: dict, given: dict) -> CommitmentInput:
    """`given` holds the values of the columns the file leaves out (the commitment's own, or the defaults)."""
    r = {**given, **r}
    return CommitmentInput(
        ref=r.get("ref", ""), parent_ref=r.get("parent_ref", ""), pillar_key=r.get("pillar", ""),
        objective_ref=r.get("objective_ref", ""), title_fr=r.get("title_fr", ""), title_en=r.get("title_en", ""),
        description_fr=r.get("description_fr", ""), description_en=r.get("description_en", ""),
        lead=r.get("lead", ""), partners=parse_partners(r.get("partners", "")), start=r.get("start", ""),
        due=r.get("due", ""), status=_status_key(plan, r.get("status", "")), progress=r.get("progress", ""),
        visibility=r.get("visibility") or "public",
        jurisdictions=[j.strip().upper() for j in (r.get("jurisdictions") or "").split(";") if j.strip()],
        weight=r.get("weight") or 1)


def _weight_problem(value: Any) -> str | None:
    text = str(value).strip()
    if parse_int(text, lo=1, hi=1000) is not None:
        return None
    return _("The weight must be a whole number from 1 to 1000 (found “%(value)s”).", value=text)


def import_commitments(plan: Plan, text: Any, *, dry_run: bool = False, actor: Any = None) -> ImportReport:
    """`text`: CSV text, file bytes (CSV or XLSX) or a read Table."""
    report = ImportReport(dry_run=dry_run)
    rows, header_errors, header = read_rows(text)
    if header_errors:
        report.errors = header_errors
        return report
    if not rows:
        report.errors.append((1, _("The file has no rows.")))
        return report
    existing = {c.ref: c for c in db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id))}
    checked = _check_rows(plan, rows, existing, report, header)
    report.errors.extend(_loops(checked, existing))
    report.errors.sort(key=lambda e: e[0])
    if not report.errors:
        _write(plan, _parents_first(checked), existing, report, actor)
    return report


def _check_rows(plan: Plan, rows: list[tuple[int, dict]], existing: dict[str, Commitment],
                report: ImportReport, header: list[str]) -> list[_Row]:
    orgs = org_lookup()
    absent = [c for c in EXPORT_COLUMNS if c not in header]
    names = _org_names() if absent else {}
    parents: dict[str, Commitment | str] = dict(existing)
    parents.update({r["ref"]: r["ref"] for _line, r in rows if r.get("ref") and r["ref"] not in existing})
    seen: dict[str, int] = {}
    checked = []
    for line, r in rows:
        ref = r.get("ref", "").strip()
        own = dict(zip(EXPORT_COLUMNS, _export_row(existing[ref], names))) if ref in existing and absent else {}
        given = {c: _text(own.get(c, "")) for c in absent}
        data = _row_input(plan, r, given)
        if "weight" in r and (problem := _weight_problem(r["weight"] or "1")):
            report.errors.append((line, f"weight: {problem}"))
            continue
        if ref in seen:
            report.errors.append((line, _("Reference %(ref)s appears twice in the file (also line %(other)s).",
                                          ref=ref, other=seen[ref])))
            continue
        seen[ref] = line
        target = existing.get(ref)
        try:
            values = resolve(plan, data, existing=target, orgs=orgs, parents=parents)
        except RuleError as exc:
            report.errors.append((line, " ".join(f"{k}: {v}" for k, v in exc.errors.items())))
            continue
        checked.append(_Row(line, data, target, values))
    return checked


def _parents_first(checked: list[_Row]) -> list[_Row]:
    """A parent named in the file is created before its children."""
    by_ref = {row.ref: row for row in checked}
    ordered, placed = [], set()

    def place(ref: str) -> None:
        if ref in placed or ref not in by_ref:
            return
        placed.add(ref)
        parent = by_ref[ref].values.parent
        if isinstance(parent, str):
            place(parent)
        ordered.append(by_ref[ref])

    for ref in by_ref:
        place(ref)
    return ordered


def _write(plan: Plan, ordered: list[_Row], existing: dict[str, Commitment], report: ImportReport,
           actor: Any) -> None:
    made: dict[str, Commitment] = {}
    for row in ordered:
        if isinstance(row.values.parent, str):
            row.values.parent = made.get(row.values.parent) or existing.get(row.values.parent)
        if row.target is None:
            report.created.append(row.data.ref)
            if not report.dry_run:
                made[row.ref] = create_commitment(plan, row.data, actor, kind="imported", values=row.values)
        elif report.dry_run:
            (report.updated if _would_change(row.target, row.values) else report.unchanged).append(row.data.ref)
        else:
            changes = update_commitment(row.target, row.data, actor, kind="imported", values=row.values)
            (report.updated if changes else report.unchanged).append(row.data.ref)


def _would_change(c: Commitment, values: Resolved) -> bool:
    fields = ("title_fr", "title_en", "description_fr", "description_en", "lead_organisation_id", "pillar_id",
              "objective_id", "start_date", "due_kind", "due_date", "due_fiscal_year", "status", "visibility", "weight")
    if any(getattr(c, f) != getattr(values, f) for f in fields):
        return True
    if not c.children and c.progress != values.progress:
        return True
    parent = values.parent
    parent_ref = parent if isinstance(parent, str) else (parent.ref if parent is not None else None)
    if (c.parent.ref if c.parent else None) != parent_ref:
        return True
    if sorted((p.organisation_id, p.role) for p in c.partners) != sorted(values.partners):
        return True
    return c.jurisdictions != values.jurisdictions


def _loops(checked: list[_Row], existing: dict[str, Commitment]) -> list[tuple[int, str]]:
    """A parent chain that loops back (1.1 under 1.2 under 1.1) is refused."""
    parent_of = {c.ref: (c.parent.ref if c.parent else None) for c in existing.values()}
    lines = {}
    for row in checked:
        p = row.values.parent
        parent_of[row.ref] = p if isinstance(p, str) else (p.ref if p is not None else None)
        lines[row.ref] = row.line
    errors = []
    for ref, line in lines.items():
        node, steps = parent_of.get(ref), 0
        while node is not None and steps < 1000:
            if node == ref:
                errors.append((line, _("Reference %(ref)s would become a sub-item of itself.", ref=ref)))
                break
            node, steps = parent_of.get(node), steps + 1
    return errors


def _org_names() -> dict[int, str]:
    return {o.id: o.short_name for o in db.session.scalars(select(Organisation))}


def _export_row(c: Commitment, org_names: dict[int, str]) -> list[Any]:
    """One commitment in EXPORT_COLUMNS order, typed (dates, whole numbers) for the XLSX sheet."""
    partners = ";".join(f"{org_names.get(p.organisation_id)}" + (f":{p.role}" if p.role != "support" else "")
                        for p in sorted(c.partners, key=lambda p: org_names.get(p.organisation_id, "")))
    due = c.due_date if c.due_kind == "date" and c.due_date else c.due_value
    return [c.ref, c.parent.ref if c.parent else "", c.pillar.key if c.pillar else "",
            c.objective.ref if c.objective else "", c.title_fr, c.title_en, c.description_fr,
            c.description_en, org_names.get(c.lead_organisation_id, ""), partners,
            c.start_date, due, c.status, c.progress, c.weight, c.visibility, ";".join(c.jurisdictions)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def export_rows(commitments: list[Commitment]) -> list[list[Any]]:
    """The same columns as the import, so an export can be edited and imported back (to_csv writes the dates
    as YYYY-MM-DD)."""
    names = _org_names()
    return [list(EXPORT_COLUMNS)] + [_export_row(c, names) for c in commitments]


def export_sheet(commitments: list[Commitment], title: str) -> Sheet:
    rows = export_rows(commitments)
    return Sheet(title, rows[0], rows[1:], kinds=TYPED)
