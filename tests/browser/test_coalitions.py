"""Coalitions in a real browser, both languages: keyboard map, axe, editor rights, proposals, no JavaScript."""
import re

import pytest
from sqlalchemy import select

from portal.coalitions import demo
from portal.coalitions.models import Protocol, Service
from portal.demo import load_organisations
from portal.extensions import db

PASSWORD = "Correct-Horse-Battery-Staple-42"
CODES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]


@pytest.fixture
def demo_data(app):
    load_organisations()
    demo.load(lambda line: None)
    db.session.commit()


def _login(pg, email, lang="en"):
    # The header's search form comes first on the page: submit the login form itself.
    pg.goto(f"/{lang}/login")
    pg.fill("input[name=email]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.press("input[name=password]", "Enter")
    pg.wait_for_load_state()
    assert "/login" not in pg.url, "sign-in failed"


def _user(make, role, org_short, email):
    from portal.auth.models import Organisation

    return make.user(role, org=Organisation.by_short_name(org_short), email=email, password=PASSWORD, lang="en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_map_is_keyboard_usable(page, demo_data, lang):
    page.goto(f"/{lang}/coalitions/")
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        code = page.evaluate("() => { const a = document.activeElement.closest('a.region'); return a ? a.dataset.code : null; }")
        if code:
            reached.append(code)
            name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
            assert name and re.search(r"\d", name)
        elif reached:
            break
    assert sorted(reached) == CODES
    page.focus("a.region[data-code=ON]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/coalitions/provinces/ON")
    assert page.locator("h1").inner_text() == "Ontario"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_pages_pass_axe(page, axe_check, demo_data, lang):
    protocol = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "QC")).first()
    service = db.session.scalars(select(Service).where(Service.jurisdiction_code == "ON")).first()
    paths = ["/coalitions/", "/coalitions/?measure=categories", "/coalitions/provinces/AB", "/coalitions/provinces/YT",
             "/coalitions/gaps", "/coalitions/gaps?axis=activities", "/coalitions/services?category=immigration",
             "/coalitions/protocols", f"/coalitions/protocol/{protocol.id}", f"/coalitions/service/{service.id}",
             "/coalitions/coalition/1", "/coalitions/strategy/1"]
    for path in paths:
        page.goto(f"/{lang}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert axe_check(page) == [], path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_editor_pages_pass_axe(page, axe_check, login_page, make, demo_data, lang):
    _user(make, "jurisdiction_editor", "ON", "editor.on@demo.concerto.test")
    protocol = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "ON")).first()
    _login(page, "editor.on@demo.concerto.test", lang)
    for path in [f"/coalitions/protocol/{protocol.id}/edit", "/coalitions/new/service", "/coalitions/proposals",
                 "/coalitions/protocols/due", f"/coalitions/protocol/{protocol.id}", "/coalitions/provinces/ON",
                 "/coalitions/provinces/ON/notes/new"]:
        page.goto(f"/{lang}{path}")
        assert axe_check(page) == [], path
    # An invalid form shows its errors accessibly too.
    page.goto(f"/{lang}/coalitions/new/protocol")
    page.click("form[data-submit-once] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_check(page) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ontario_editor_changes_ontario_protocol_not_quebec(page, login_page, make, demo_data, lang):
    _user(make, "jurisdiction_editor", "ON", "editor.on@demo.concerto.test")
    on = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "ON", Protocol.status == "in_force")).first()
    qc = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "QC")).first()
    qc_title = qc.title_en
    _login(page, "editor.on@demo.concerto.test", lang)
    page.goto(f"/{lang}/coalitions/protocol/{on.id}")
    page.click(f"a[href$='/coalitions/protocol/{on.id}/edit']")
    page.fill("#title_en", "Toronto referral protocol, 2027 edition")
    page.select_option("#status", "under_review")
    page.click("form[data-submit-once] button[type=submit]")
    page.wait_for_url(f"**/{lang}/coalitions/protocol/{on.id}")
    assert page.locator(".alert-success").count() == 1
    db.session.rollback()  # end the read snapshot: the server wrote in its own transaction
    assert db.session.get(Protocol, on.id).status == "under_review"
    page.goto(f"/{lang}/coalitions/protocol/{qc.id}")
    assert page.locator(f"a[href$='/coalitions/protocol/{qc.id}/edit']").count() == 0
    response = page.goto(f"/{lang}/coalitions/protocol/{qc.id}/edit")
    assert response.status == 403
    db.session.rollback()  # end the read snapshot: the server wrote in its own transaction
    assert db.session.get(Protocol, qc.id).title_en == qc_title


def test_ngo_proposal_waits_for_approval_then_shows(browser, live_server, axe_check, make, demo_data):
    from portal.auth.models import Organisation

    cathii = Organisation.by_short_name("CATHII")
    _user(make, "ngo_member", "CATHII", "ngo@demo.concerto.test")
    _user(make, "jurisdiction_editor", "QC", "editor.qc@demo.concerto.test")
    service = db.session.scalars(select(Service).where(Service.owner_organisation_id == cathii.id)).first()
    contexts = []

    def new_page():
        ctx = browser.new_context(base_url=live_server, bypass_csp=True)  # axe is injected inline
        contexts.append(ctx)
        return ctx.new_page()

    ngo = new_page()
    _login(ngo, "ngo@demo.concerto.test", "fr")
    ngo.goto(f"/fr/coalitions/service/{service.id}")
    ngo.click(f"a[href$='/coalitions/service/{service.id}/propose']")
    assert axe_check(ngo) == []
    ngo.fill("#hours", "Lundi au vendredi, 9 h à 17 h")
    ngo.fill("#comment", "Nouvel horaire")
    ngo.click("form[data-submit-once] button[type=submit]")
    ngo.wait_for_url("**/fr/coalitions/proposals/*")
    assert "En attente d'examen" in ngo.content()
    assert axe_check(ngo) == []

    visitor = new_page()
    visitor.goto(f"/en/coalitions/service/{service.id}")
    assert "9 h à 17 h" not in visitor.content()

    editor = new_page()
    _login(editor, "editor.qc@demo.concerto.test", "en")
    editor.goto("/en/coalitions/proposals")
    editor.click("table a[href*='/coalitions/proposals/']")
    assert "9 h à 17 h" in editor.content()
    assert axe_check(editor) == []
    editor.click("text=Approve and apply")
    editor.wait_for_url("**/en/coalitions/proposals")

    visitor.goto(f"/en/coalitions/service/{service.id}")
    assert "9 h à 17 h" in visitor.content()
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_work_without_javascript(page_nojs, demo_data, lang):
    pg = page_nojs
    pg.goto(f"/{lang}/coalitions/")
    pg.select_option("#measure", "protocols")
    pg.click("form.measure-form button[type=submit]")
    pg.wait_for_url("**measure=protocols")
    assert pg.locator("a.region[data-code=QC]").get_attribute("aria-label").endswith("1")
    pg.goto(f"/{lang}/coalitions/services")
    pg.select_option("#dir-province", "QC")
    pg.select_option("#dir-category", "immigration")
    pg.click("form.filter-form button[type=submit]")
    pg.wait_for_url("**category=immigration**")
    assert pg.locator("#directory-results li h3").count() == 2
    pg.goto(f"/{lang}/coalitions/gaps")
    pg.select_option("#gap-province", "YT")
    pg.click("form.filter-form button[type=submit]")
    pg.wait_for_url("**province=YT**")
    assert pg.locator("td.gap").count() == 12


def test_htmx_enhances_the_filters(page, demo_data):
    page.goto("/en/coalitions/")
    page.select_option("#measure", "protocols")
    page.wait_for_function("() => document.querySelector('a.region[data-code=QC]').getAttribute('aria-label').includes('Protocols')")
    assert page.url.endswith("measure=protocols")
    assert page.locator("h1").count() == 1  # the partial replaced the panel, not the page
    page.goto("/en/coalitions/gaps")
    page.select_option("#gap-province", "NU")
    page.wait_for_function("() => document.querySelectorAll('#gap-results tbody tr').length === 1")
    assert page.locator("td.gap").count() == 12
    page.goto("/en/coalitions/services")
    page.check("#dir-247")
    page.wait_for_function("() => document.querySelectorAll('#directory-results li h3').length === 4")
    # The directory is survivor-facing (quick exit): filtering leaves no browser-history entry behind.
    assert "open_24_7" not in page.url
