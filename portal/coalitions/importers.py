"""Import of coalitions, strategies, protocols, services and regional notes from CSV or XLSX (columns in
docs/coalitions.md; the directory export in exports.py writes the same columns, so it imports back with
nothing changed). All or nothing: every row is checked first; one bad row and nothing changes, and every
bad row is reported with its line number and the reason."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import func, select

from ..auth.models import JURISDICTIONS, Organisation
from ..extensions import db
from ..guards import parse_int
from ..spreadsheets import read_table
from ..textlang import identify
from . import services, vocab
from .forms import EMAIL_RE
from .models import MODELS, RegionNote

# column -> (kind, required, vocabulary). Lists are separated by ";" (or "|").
COMMON = {
    "province": ("province", False, None),
    "owner": ("org", False, None),
    "published": ("bool", False, None),
    "notes_fr": ("text", False, None),
    "notes_en": ("text", False, None),
    "last_confirmed": ("date", False, None),
}
SPECS: dict[str, dict[str, tuple]] = {
    "coalition": {
        "name_fr": ("text", False, None), "name_en": ("text", False, None),
        "kind": ("code", True, vocab.COALITION_KINDS), "cities": ("text", False, None),
        "year_founded": ("year", False, None), "activities": ("codes", False, vocab.ACTIVITIES),
        "sectors": ("codes", False, vocab.SECTORS), "members": ("orgs", False, None),
        "description_fr": ("text", False, None), "description_en": ("text", False, None),
        "contact_name": ("text", False, None), "contact_email": ("email", False, None),
        "contact_phone": ("text", False, None), "website": ("url", False, None), "active": ("bool", False, None),
    },
    "strategy": {
        "title_fr": ("text", False, None), "title_en": ("text", False, None), "year": ("year", False, None),
        "status": ("code", True, vocab.STRATEGY_STATUSES), "document_url": ("url", False, None),
        "key_points_fr": ("text", False, None), "key_points_en": ("text", False, None),
    },
    "protocol": {
        "title_fr": ("text", False, None), "title_en": ("text", False, None),
        "kind": ("code", True, vocab.PROTOCOL_KINDS), "scopes": ("codes", True, vocab.PROTOCOL_SCOPES),
        "parties": ("orgs", False, None), "other_parties": ("list", False, None),
        "summary_fr": ("text", False, None), "summary_en": ("text", False, None),
        "signed_on": ("date", False, None), "effective_on": ("date", False, None),
        "review_on": ("date", False, None), "expires_on": ("date", False, None),
        "status": ("code", True, vocab.PROTOCOL_STATUSES),
    },
    "service": {
        "name_fr": ("text", False, None), "name_en": ("text", False, None), "city": ("text", False, None),
        "address": ("text", False, None), "postal_code": ("text", False, None),
        "categories": ("codes", True, vocab.CATEGORIES), "populations": ("codes", False, vocab.POPULATIONS),
        "languages": ("codes", False, vocab.LANGUAGES), "open_24_7": ("bool", False, None),
        "description_fr": ("text", False, None), "description_en": ("text", False, None),
        "referral_fr": ("text", False, None), "referral_en": ("text", False, None),
        "eligibility_fr": ("text", False, None), "eligibility_en": ("text", False, None),
        "hours": ("text", False, None), "phone": ("text", False, None), "email": ("email", False, None),
        "url": ("url", False, None),
    },
}
NAME_COLUMNS = {"coalition": ("name_fr", "name_en"), "strategy": ("title_fr", "title_en"),
                "protocol": ("title_fr", "title_en"), "service": ("name_fr", "name_en")}
RENAMED = {"members": "member_ids", "parties": "party_ids", "province": "jurisdiction_code"}
TRUE, FALSE = {"yes", "oui", "true", "vrai", "1", "y", "o"}, {"no", "non", "false", "faux", "0", "n", ""}
NOTE_SPEC = {"province": ("province", True, None), "title_fr": ("text", False, None),
             "title_en": ("text", False, None), "body_fr": ("text", False, None),
             "body_en": ("text", False, None), "source": ("text", False, None), "source_lang": ("lang", False, None),
             "year": ("year", False, None)}


class ImportFailed(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__("; ".join(f"line {n}: {m}" for n, m in errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    records: list = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;|]", value or "") if p.strip()]


def _org(short_name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(func.lower(Organisation.short_name) == short_name.lower()))


def _parse(spec: dict, row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors: list[str] = []
    for column, (kind, required, vocabulary) in spec.items():
        if column not in row:
            continue
        raw = (row.get(column) or "").strip()
        if required and not raw:
            errors.append(f"{column} is required")
            continue
        try:
            values[column] = _convert(kind, raw, vocabulary)
        except ValueError as exc:
            errors.append(f"{column}: {exc}")
    return values, errors


def _bool(raw: str, _vocabulary) -> bool:
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise ValueError(f"'{raw}' is not yes or no")


def _year(raw: str, _vocabulary) -> int | None:
    if not raw:
        return None
    year = parse_int(raw, lo=1900, hi=2100)
    if year is None:
        raise ValueError(f"'{raw}' is not a year")
    return year


def _date(raw: str, _vocabulary) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"'{raw}' is not a date (YYYY-MM-DD)") from None


def _province(raw: str, _vocabulary) -> str | None:
    if not raw or raw.lower() == vocab.NATIONAL:
        return None
    if raw.upper() not in JURISDICTIONS:
        raise ValueError(f"unknown province or territory '{raw}'")
    return raw.upper()


def _code(raw: str, vocabulary) -> str:
    if raw not in vocabulary:
        raise ValueError(f"'{raw}' is not one of {', '.join(vocabulary)}")
    return raw


def _lang(raw: str, _vocabulary) -> str | None:
    """The language a text was written in: fr, en, or empty (not known)."""
    if raw and raw.lower() not in ("fr", "en"):
        raise ValueError(f"'{raw}' is not fr or en")
    return raw.lower() or None


def _codes(raw: str, vocabulary) -> list[str]:
    codes = _split(raw)
    bad = [c for c in codes if c not in vocabulary]
    if bad:
        raise ValueError(f"unknown code(s) {', '.join(bad)}; allowed: {', '.join(vocabulary)}")
    if not codes and raw:
        raise ValueError("empty list")
    return list(dict.fromkeys(codes))


def _one_org(raw: str, _vocabulary) -> Organisation | None:
    if not raw:
        return None
    org = _org(raw)
    if org is None:
        raise ValueError(f"unknown organisation '{raw}'")
    return org


def _orgs(raw: str, _vocabulary) -> list[int]:
    orgs, bad = [], []
    for name in _split(raw):
        org = _org(name)
        (orgs if org else bad).append(org or name)
    if bad:
        raise ValueError(f"unknown organisation(s) {', '.join(bad)}")
    return [o.id for o in orgs]


def _url(raw: str, _vocabulary) -> str:
    if raw and not re.match(r"^https?://[^\s]+\.[^\s]+$", raw):
        raise ValueError(f"'{raw}' is not a web address (http:// or https://)")
    return raw


def _email(raw: str, _vocabulary) -> str:
    if raw and not re.match(EMAIL_RE, raw):
        raise ValueError(f"'{raw}' is not an email address")
    return raw


# kind -> (raw cell, vocabulary) -> value; ValueError says what is wrong with the cell.
CONVERTERS = {"text": lambda raw, _v: raw, "list": lambda raw, _v: "\n".join(_split(raw)), "bool": _bool,
              "year": _year, "date": _date, "province": _province, "code": _code, "codes": _codes,
              "org": _one_org, "orgs": _orgs, "url": _url, "email": _email, "lang": _lang}


def _convert(kind: str, raw: str, vocabulary):
    return CONVERTERS[kind](raw, vocabulary)


def read_rows(content: str | bytes, sheet: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """CSV text or bytes, or an XLSX workbook (the sheet named `sheet` when there is one, else the first)."""
    try:
        table = read_table(content, sheet)
    except ValueError:
        raise ImportFailed([(1, "the file is neither an XLSX workbook nor CSV in UTF-8")]) from None
    rows = []
    for line, row in table.dicts():
        if None in row:  # more cells than headers
            rows.append((line, {"__extra__": "1", **{k: v for k, v in row.items() if k}}))
        else:
            rows.append((line, row))
    return table.header, rows


def _find_existing(record_type: str, values: dict, row: dict):
    model = MODELS[record_type]
    record_id = parse_int(row.get("id"), lo=1)
    if record_id is not None:
        return db.session.get(model, record_id)
    fr, en = NAME_COLUMNS[record_type]
    for col in (fr, en):
        if values.get(col):
            code = values.get("province")
            same_place = model.jurisdiction_code.is_(None) if code is None else model.jurisdiction_code == code
            found = db.session.scalar(select(model).where(getattr(model, col) == values[col], same_place))
            if found is not None:
                return found
    return None


def _header_problems(record_type: str, spec: dict, headers: list[str]) -> list[tuple[int, str]]:
    fr, en = NAME_COLUMNS[record_type]
    errors = []
    unknown = [h for h in headers if h and h not in spec and h != "id"]
    if unknown:
        errors.append((1, f"unknown column(s): {', '.join(unknown)}"))
    if fr not in headers and en not in headers:
        errors.append((1, f"a {fr} or {en} column is required"))
    for col, (_kind, required, _v) in spec.items():
        if required and col not in headers:
            errors.append((1, f"missing required column {col}"))
    return errors


def _row_problems(record_type: str, values: dict, row: dict) -> list[str]:
    fr, en = NAME_COLUMNS[record_type]
    problems = []
    if not values.get(fr) and not values.get(en):
        problems.append(f"{fr} or {en} is required")
    if record_type == "service" and values.get("province") and not values.get("city"):
        problems.append("city is required (only a national service, without a province, may go without)")
    if record_type == "protocol" and values.get("status") == "in_force" and not values.get("effective_on"):
        problems.append("a protocol in force needs effective_on")
    if values.get("expires_on") and values.get("effective_on") and values["expires_on"] < values["effective_on"]:
        problems.append("expires_on is before effective_on")
    if (row.get("id") or "").strip() and parse_int(row["id"], lo=1) is None:
        problems.append(f"id '{row['id']}' is not a record number (digits 0-9 only)")
    return problems


def _check_rows(record_type: str, spec: dict, rows) -> tuple[list[tuple[dict, dict]], list[tuple[int, str]]]:
    """(row, values) of every row, and every problem with its line number."""
    fr, en = NAME_COLUMNS[record_type]
    errors: list[tuple[int, str]] = []
    parsed, seen = [], set()
    for line, row in rows:
        if "__extra__" in row:
            errors.append((line, "more cells than there are columns"))
            continue
        values, problems = _parse(spec, row)
        problems += _row_problems(record_type, values, row)
        given_id = (row.get("id") or "").strip()
        key = ("id", given_id) if given_id else (values.get("province"), (values.get(fr) or values.get(en) or "").lower())
        if key in seen:
            problems.append("the same record appears twice in the file")
        seen.add(key)
        errors.extend((line, p) for p in problems)
        parsed.append((row, values))
    return parsed, errors


def _apply_row(record_type: str, row: dict, values: dict, *, actor: Any, is_sample: bool, result: ImportResult):
    owner = values.pop("owner", None)
    confirmed = values.pop("last_confirmed", None)
    # Only the file's columns: a column left out keeps what the record says (or the default).
    given = {RENAMED.get(k, k): v for k, v in values.items()}
    if owner is not None:
        given["owner_organisation_id"] = owner.id
    record = _find_existing(record_type, values, row)
    if record is None:
        record = services.create_record(services.new_input(record_type, **given), actor=actor, is_sample=is_sample)
        result.created += 1
    else:
        was_confirmed = record.last_confirmed_at
        changes = services.update_record(record, services.input_from(record, **given), actor=actor,
                                         action="directory.imported")
        if changes:
            result.updated += 1
        else:
            result.unchanged += 1
        if was_confirmed is not None and confirmed == was_confirmed.date():
            record.last_confirmed_at = was_confirmed   # the file's date is the record's own: keep its time
            confirmed = None
    if confirmed is not None:
        # The file says when the information was last checked; keep that, not the import time.
        record.last_confirmed_at = datetime.combine(confirmed, time(12), tzinfo=timezone.utc)
    result.records.append(record)


def import_records(record_type: str, text: str | bytes, *, actor: Any = None, is_sample: bool = False
                   ) -> ImportResult:
    """Check every row, then apply them all; raise ImportFailed (nothing applied) on any bad row."""
    spec = {**COMMON, **SPECS[record_type]}
    headers, rows = read_rows(text, record_type)
    errors = _header_problems(record_type, spec, headers)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([(1, "the file has no rows")])
    parsed, errors = _check_rows(record_type, spec, rows)
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with db.session.begin_nested():
        for row, values in parsed:
            _apply_row(record_type, row, values, actor=actor, is_sample=is_sample, result=result)
        db.session.flush()
    return result


def import_notes(text: str | bytes) -> ImportResult:
    headers, rows = read_rows(text, "note")
    errors, parsed = [], []
    for line, row in rows:
        values, problems = _parse(NOTE_SPEC, row)
        if not values.get("body_fr") and not values.get("body_en"):
            problems.append("body_fr or body_en is required")
        errors.extend((line, p) for p in problems)
        parsed.append(values)
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    for values in parsed:
        code = values.pop("province")
        note = db.session.scalar(select(RegionNote).where(RegionNote.jurisdiction_code == code,
                                                          RegionNote.title_fr == values.get("title_fr", "")))
        if note is None:
            note = RegionNote(jurisdiction_code=code)
            db.session.add(note)
            result.created += 1
        elif all(getattr(note, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            result.updated += 1
        for k, v in values.items():
            setattr(note, k, v)
        if note.source and not note.source_lang:   # a file without the source_lang column: what the text says
            note.source_lang = identify(note.source)
        result.records.append(note)
    db.session.flush()
    return result
