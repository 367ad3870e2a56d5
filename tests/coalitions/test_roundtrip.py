"""The directory's export (CSV per record type, or the XLSX workbook) imports back with nothing changed, for
every importer: coalitions, strategies, protocols, services and regional notes. Exports hold what the reader
may see; the gap matrix has an XLSX too."""
import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.coalitions import exports
from portal.coalitions.importers import import_notes, import_records
from portal.coalitions.models import MODELS, RegionNote
from portal.extensions import db
from portal.spreadsheets import to_csv, to_xlsx

TYPES = ("coalition", "strategy", "protocol", "service")


@pytest.fixture
def directory(make, app):
    on, partner = make.jurisdiction("ON"), make.org("SHELTERS")
    make.coalition("ON", owner=on, member_ids=[on.id, partner.id], description_en="- first\n- second",
                   cities="Toronto; Ottawa", year_founded=2015, contact_email="c@example.org",
                   website="https://example.org", notes_fr="=1+1")
    make.coalition(None, name_fr="Réseau national", name_en="National network", active=False)
    make.strategy("ON", document_url="https://example.org/s.pdf", key_points_en="+ point")
    make.protocol("ON", party_ids=[partner.id], other_parties="Hospital A\nPolice B", signed_on=date(2020, 5, 1),
                  expires_on=date(2030, 1, 1), summary_fr="Résumé")
    make.service("ON", owner=on, open_24_7=True, phone="+1 555 0100", published=False)
    make.service("QC", name_fr="Même nom", name_en="Same name")
    make.service("QC", name_fr="Même nom", name_en="Same name", city="Laval")   # twins: told apart by id
    db.session.add(RegionNote(jurisdiction_code="ON", title_fr="Tendances", title_en="Trends", body_en="-x",
                              source="Forum", year=2024))
    # confirmed at some time of day: the round trip keeps the time, not noon
    for record in db.session.scalars(select(MODELS["service"])):
        record.last_confirmed_at = datetime(2025, 3, 4, 17, 45, tzinfo=timezone.utc)
    db.session.commit()


def _snapshot():
    out = []
    for record_type in TYPES:
        model = MODELS[record_type]
        for r in db.session.scalars(select(model).order_by(model.id)):
            cols = {c.key: getattr(r, c.key) for c in model.__table__.columns}
            cols["orgs"] = sorted(o.id for o in getattr(r, {"coalition": "members", "protocol": "parties"}
                                                          .get(record_type, "id"), []) or []) \
                if record_type in ("coalition", "protocol") else []
            out.append((record_type, cols))
    out += [{c.key: getattr(n, c.key) for c in RegionNote.__table__.columns}
            for n in db.session.scalars(select(RegionNote).order_by(RegionNote.id))]
    return out


def test_csv_exports_import_back_unchanged(directory, make):
    admin = make.user("secretariat")
    before = _snapshot()
    for record_type in TYPES:
        sheet = exports.directory_sheet(record_type, admin)
        assert sheet.rows, record_type
        result = import_records(record_type, to_csv([sheet.header] + sheet.rows))
        assert (result.created, result.updated, result.unchanged) == (0, 0, len(sheet.rows)), record_type
    notes = exports.notes_sheet(admin)
    result = import_notes(to_csv([notes.header] + notes.rows))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    db.session.commit()
    assert _snapshot() == before


def test_xlsx_workbook_imports_back_unchanged_sheet_by_sheet(directory, make):
    admin = make.user("secretariat")
    before = _snapshot()
    content = to_xlsx(exports.directory_workbook(admin))
    for record_type in TYPES:
        result = import_records(record_type, content)   # each type finds its own sheet
        assert result.created == 0 and result.updated == 0, record_type
    assert import_notes(content).unchanged == 1
    db.session.commit()
    assert _snapshot() == before


def test_an_edited_export_changes_only_what_was_edited(directory, make):
    admin = make.user("secretariat")
    sheet = exports.directory_sheet("service", admin)
    city = sheet.header.index("city")
    sheet.rows[0][city] = "Hamilton"
    result = import_records("service", to_csv([sheet.header] + sheet.rows))
    db.session.commit()
    assert (result.updated, result.unchanged) == (1, len(sheet.rows) - 1)
    assert db.session.get(MODELS["service"], sheet.rows[0][0]).city == "Hamilton"


def test_exports_hold_only_what_the_reader_may_see(directory, client):
    body = client.get("/en/coalitions/export/service.csv").get_data(as_text=True)
    assert "Same name" in body and "555 0100" not in body   # the unpublished Ontario service is left out
    wb = load_workbook(io.BytesIO(client.get("/fr/coalitions/exporter/repertoire.xlsx").data))
    assert wb.sheetnames == ["coalition", "strategy", "protocol", "service", "note"]
    ws = wb["coalition"]
    assert ws.freeze_panes == "A2" and [c.value for c in ws[1]][:2] == ["id", "province"]
    assert all(r[0] != "SHELTERS" for r in ws.iter_rows(min_row=2, values_only=True))


def test_gap_matrix_as_xlsx(directory, client):
    resp = client.get("/fr/coalitions/lacunes.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.data)).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[0] == "Province ou territoire" and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    csv_lines = client.get("/fr/coalitions/lacunes.csv").get_data(as_text=True).strip().splitlines()
    assert len(rows) == len(csv_lines) - 1 and isinstance(rows[0][4], int)
