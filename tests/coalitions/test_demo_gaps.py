"""The gap matrix on the demo data shows the demo data's real gaps."""
import csv
import io

import pytest

from portal.coalitions import demo, queries
from portal.coalitions.models import Coalition, Protocol, Service, Strategy
from portal.demo import load_organisations
from portal.extensions import db


@pytest.fixture
def demo_data(app):
    load_organisations()
    demo.load(lambda line: None)
    db.session.commit()


def _cells(axis="categories"):
    from flask_login import AnonymousUserMixin

    return queries.gap_matrix(AnonymousUserMixin(), queries.GapFilters(axis=axis))


def test_demo_loads_the_seeds_records(demo_data):
    names = {c.name_en for c in db.session.query(Coalition)}
    assert "Action Coalition on Human Trafficking Alberta (ACT Alberta)" in names
    assert "New Brunswick Human Trafficking Task Force" in names
    assert db.session.query(Coalition).filter_by(name_fr="Coalition québécoise contre la traite des personnes").one().year_founded == 2011
    years = {s.title_en: s.year for s in db.session.query(Strategy)}
    assert years["Ontario's Strategy to End Human Trafficking"] == 2016
    assert years["Tracia's Trust: Manitoba's Sexual Exploitation Strategy"] == 2002
    assert years["British Columbia's Office to Combat Trafficking in Persons"] == 2007
    assert all(s.is_sample for s in db.session.query(Service)) and all(p.is_sample for p in db.session.query(Protocol))
    assert not any(c.is_sample for c in db.session.query(Coalition))


def test_gap_matrix_cells_on_demo_data(demo_data):
    m = _cells()
    rows, columns, cells = m.rows, m.columns, m.cells
    assert len(rows) == 13 and len(columns) == 12
    # Ontario: two services give psychological support, one gives immigration help, none youth protection.
    assert cells[("ON", "psychological_support")].count == 2
    assert cells[("ON", "immigration")].count == 1
    assert cells[("ON", "youth_protection")].count == 0
    # Quebec has no housing at all; Manitoba has the only youth protection service.
    assert cells[("QC", "short_term_housing")].count == 0 and cells[("QC", "long_term_housing")].count == 0
    assert [c for c in columns if cells[("MB", c)].count] == ["psychological_support", "youth_protection", "legal_aid"]
    # The territories, Saskatchewan, New Brunswick, PEI and Newfoundland and Labrador have nothing.
    for code in ("YT", "NT", "NU", "SK", "NB", "PE", "NL"):
        assert all(cells[(code, c)].count == 0 for c in columns), code
    # Nobody anywhere offers long-term housing or spiritual support.
    for c in ("long_term_housing", "spiritual_support"):
        assert all(cells[(r, c)].count == 0 for r in rows)
    # Dates: Manitoba's service was last confirmed over a year ago.
    assert cells[("MB", "legal_aid")].stale
    assert not cells[("ON", "immigration")].stale


def test_gap_matrix_by_activity_and_filters(demo_data):
    cells = _cells("activities").cells
    assert cells[("AB", "emergency_funds")].count == 1
    assert cells[("QC", "case_management")].count == 0
    from flask_login import AnonymousUserMixin

    cells = queries.gap_matrix(AnonymousUserMixin(), queries.GapFilters(population="migrant_workers",
                                                                       open_24_7=False)).cells
    assert cells[("QC", "work")].count == 1 and cells[("BC", "work")].count == 0


def test_gap_page_and_csv_show_the_gaps(demo_data, client):
    html = client.get("/en/coalitions/gaps").get_data(as_text=True)
    assert 'data-cell="YT-immediate_safety">None<' in html.replace("\n", "").replace("  ", "")
    html_fr = client.get("/fr/coalitions/lacunes?province=ON").get_data(as_text=True)
    assert 'data-cell="ON-youth_protection"' in html_fr and 'data-cell="QC-' not in html_fr
    partial = client.get("/en/coalitions/gaps?province=QC", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<div id="gap-results">' in partial and "<html" not in partial
    assert '<p id="gap-status" hx-swap-oob="innerHTML">' in partial  # the page's one live region, filled
    resp = client.get("/en/coalitions/gaps.csv")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    by_key = {(r[1], r[2]): r for r in rows[1:]}
    assert by_key[("ON", "immigration")][4] == "1"
    assert by_key[("NU", "health")][4] == "0"
    assert len(rows) == 1 + 13 * 12


def test_map_figures_on_demo_data(demo_data, client):
    from flask_login import AnonymousUserMixin

    figures = queries.province_figures(AnonymousUserMixin())
    assert figures["ON"].coalitions == 7 and figures["YT"].coalitions == 0
    assert figures["QC"].protocols_in_force == 1 and figures["BC"].protocols_in_force == 0  # BC's is a draft
    html = client.get("/en/coalitions/?measure=protocols").get_data(as_text=True)
    assert html.count('class="region bin-') == 13
    assert 'aria-label="QC 1 (Quebec: Protocols in force 1)"' in html  # starts with the visible label
    assert 'href="/en/coalitions/provinces/YT"' in html


def test_province_page_on_demo_data(demo_data, client):
    html = client.get("/fr/coalitions/provinces/AB").get_data(as_text=True)
    assert "ACT Alberta" in html and "neuf points" in html and "57,9" in html
    html = client.get("/en/coalitions/provinces/NU").get_data(as_text=True)
    assert "No service is recorded for Nunavut" in html or "Nunavut" in html


def test_demo_load_is_repeatable(demo_data):
    before = db.session.query(Service).count()
    demo.load(lambda line: None)
    db.session.commit()
    assert db.session.query(Service).count() == before
