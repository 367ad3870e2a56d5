"""Coalitions in a real browser, both languages: keyboard map, axe, editor rights, proposals, no JavaScript."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.coalitions import demo
from portal.coalitions.models import Protocol, Service
from portal.demo import load_organisations
from portal.extensions import db
from tests.twofactor import finish_in_browser
from tests.paths import at

PASSWORD = "Correct-Horse-Battery-Staple-42"
CODES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]


@pytest.fixture
def demo_data(app):
    load_organisations()
    demo.load(lambda line: None)
    db.session.commit()


def _login(pg, email, lang="en"):
    # The header's search form comes first on the page: submit the login form itself.
    pg.goto("/fr/connexion" if lang == "fr" else "/en/login")
    pg.fill("input[name=email]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.press("input[name=password]", "Enter")
    finish_in_browser(pg, email)
    expect(pg).not_to_have_url(re.compile(r"/login|/connexion"))  # signed in


def _user(make, role, org_short, email):
    from portal.auth.models import Organisation

    return make.user(role, org=Organisation.by_short_name(org_short), email=email, password=PASSWORD, lang="en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_map_is_keyboard_usable(page, demo_data, lang):
    page.goto(f"/{lang}/coalitions/")
    expect(page.locator("a.region")).to_have_count(13)
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
    expect(page.locator("h1")).to_have_text("Ontario")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_pages_pass_axe(page, axe_check, demo_data, lang):
    protocol = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "QC")).first()
    service = db.session.scalars(select(Service).where(Service.jurisdiction_code == "ON")).first()
    paths = ["/coalitions/", "/coalitions/?measure=categories", "/coalitions/provinces/AB", "/coalitions/provinces/YT",
             "/coalitions/gaps", "/coalitions/gaps?axis=activities", "/coalitions/services?category=immigration",
             "/coalitions/protocols", f"/coalitions/protocol/{protocol.id}", f"/coalitions/service/{service.id}",
             "/coalitions/coalition/1", "/coalitions/strategy/1"]
    for path in paths:
        page.goto(at(lang, path))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1")).to_have_count(1)
        assert axe_check(page) == [], path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_editor_pages_pass_axe(page, axe_check, login_page, make, demo_data, lang):
    _user(make, "jurisdiction_editor", "ON", "editor.on@demo.concerto.test")
    protocol = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "ON")).first()
    _login(page, "editor.on@demo.concerto.test", lang)
    for path in [f"/coalitions/protocol/{protocol.id}/edit", "/coalitions/new/service", "/coalitions/proposals",
                 "/coalitions/protocols/due", f"/coalitions/protocol/{protocol.id}", "/coalitions/provinces/ON",
                 "/coalitions/provinces/ON/notes/new"]:
        page.goto(at(lang, path))
        expect(page.locator("h1")).to_have_count(1)
        assert axe_check(page) == [], path
    # An invalid form shows its errors accessibly too.
    page.goto("/fr/coalitions/nouveau/protocol" if lang == "fr" else "/en/coalitions/new/protocol")
    expect(page.locator(".error-summary")).to_have_count(0)
    page.click("form[data-submit-once] button[type=submit]")
    expect(page.locator(".error-summary")).to_have_count(1)
    assert axe_check(page) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ontario_editor_changes_ontario_protocol_not_quebec(page, login_page, make, demo_data, lang):
    _user(make, "jurisdiction_editor", "ON", "editor.on@demo.concerto.test")
    on = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "ON", Protocol.status == "in_force")).first()
    qc = db.session.scalars(select(Protocol).where(Protocol.jurisdiction_code == "QC")).first()
    qc_title = qc.title_en
    _login(page, "editor.on@demo.concerto.test", lang)
    page.goto(f"/fr/coalitions/protocole/{on.id}" if lang == "fr" else f"/en/coalitions/protocol/{on.id}")
    page.click(f"a[href$='/coalitions/protocol/{on.id}/edit'], a[href$='/coalitions/protocol/{on.id}/modifier']")
    page.wait_for_url(f"**/fr/coalitions/protocol/{on.id}/modifier" if lang == "fr" else f"**/en/coalitions/protocol/{on.id}/edit")
    expect(page.locator("#title_en")).to_be_visible()
    page.fill("#title_en", "Toronto referral protocol, 2027 edition")
    page.select_option("#status", "under_review")
    page.click("form[data-submit-once] button[type=submit]")
    page.wait_for_url(f"**/fr/coalitions/protocole/{on.id}" if lang == "fr" else f"**/en/coalitions/protocol/{on.id}")
    expect(page.locator(".alert-success")).to_have_count(1)
    if lang == "en":
        expect(page.locator("h1")).to_have_text("Toronto referral protocol, 2027 edition")
    db.session.rollback()  # end the read snapshot: the server wrote in its own transaction
    assert db.session.get(Protocol, on.id).status == "under_review"
    page.goto(f"/fr/coalitions/protocole/{qc.id}" if lang == "fr" else f"/en/coalitions/protocol/{qc.id}")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(f"a[href$='/coalitions/protocol/{qc.id}/edit'], a[href$='/coalitions/protocol/{qc.id}/modifier']")).to_have_count(0)
    response = page.goto(f"/fr/coalitions/protocol/{qc.id}/modifier" if lang == "fr" else f"/en/coalitions/protocol/{qc.id}/edit")
    assert response.status == 403
    expect(page.locator("#title_en")).to_have_count(0)
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
    ngo.click(f"a[href$='/coalitions/service/{service.id}/proposer']")
    ngo.wait_for_url(f"**/fr/coalitions/service/{service.id}/proposer")
    expect(ngo.locator("#hours")).to_be_visible()
    assert axe_check(ngo) == []
    ngo.fill("#hours", "Lundi au vendredi, 9 h à 17 h")
    ngo.fill("#comment", "Nouvel horaire")
    ngo.click("form[data-submit-once] button[type=submit]")
    ngo.wait_for_url("**/fr/coalitions/propositions/*")
    expect(ngo.locator("main")).to_contain_text("En attente d'examen")
    assert axe_check(ngo) == []

    visitor = new_page()
    visitor.goto(f"/en/coalitions/service/{service.id}")
    expect(visitor.locator("h1")).to_have_count(1)
    expect(visitor.locator("main")).not_to_contain_text("9 h à 17 h")

    editor = new_page()
    _login(editor, "editor.qc@demo.concerto.test", "en")
    editor.goto("/en/coalitions/proposals")
    editor.click("table a[href*='/coalitions/proposals/'], table a[href*='/coalitions/propositions/']")
    editor.wait_for_url("**/en/coalitions/proposals/*")
    expect(editor.locator("main")).to_contain_text("9 h à 17 h")
    assert axe_check(editor) == []
    editor.click("text=Approve and apply")
    editor.wait_for_url("**/en/coalitions/proposals")
    expect(editor.locator(".alert-success")).to_have_count(1)

    visitor.goto(f"/en/coalitions/service/{service.id}")
    expect(visitor.locator("main")).to_contain_text("9 h à 17 h")
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_work_without_javascript(page_nojs, demo_data, lang):
    pg = page_nojs
    pg.goto(f"/{lang}/coalitions/")
    expect(pg.locator("#measure")).to_be_visible()
    pg.select_option("#measure", "protocols")
    pg.click("form.measure-form button[type=submit]")
    pg.wait_for_url("**measure=protocols")
    expect(pg.locator("a.region[data-code=QC]")).to_have_attribute("aria-label", re.compile(r"^QC 1 .*1\)$"))
    pg.goto(f"/{lang}/coalitions/services")
    expect(pg.locator("#dir-province")).to_be_visible()
    pg.select_option("#dir-province", "QC")
    pg.select_option("#dir-category", "immigration")
    pg.click("form.filter-form button[type=submit]")
    pg.wait_for_url("**category=immigration**")
    expect(pg.locator("#directory-results li h3")).to_have_count(2)
    pg.goto("/fr/coalitions/lacunes" if lang == "fr" else "/en/coalitions/gaps")
    expect(pg.locator("#gap-province")).to_be_visible()
    pg.select_option("#gap-province", "YT")
    pg.click("form.filter-form button[type=submit]")
    pg.wait_for_url("**province=YT**")
    expect(pg.locator("td.gap")).to_have_count(12)


def test_htmx_enhances_the_filters(page, demo_data):
    page.goto("/en/coalitions/")
    expect(page.locator("a.region[data-code=QC]")).to_have_attribute("aria-label", re.compile("Active coalitions"))
    page.select_option("#measure", "protocols")
    expect(page.locator("a.region[data-code=QC]")).to_have_attribute("aria-label", re.compile("Protocols"))
    expect(page).to_have_url(re.compile(r"measure=protocols$"))
    expect(page.locator("h1")).to_have_count(1)  # the partial replaced the panel, not the page
    page.goto("/en/coalitions/gaps")
    expect(page.locator("#gap-results tbody tr")).to_have_count(13)
    page.select_option("#gap-province", "NU")
    expect(page.locator("#gap-results tbody tr")).to_have_count(1)
    expect(page.locator("td.gap")).to_have_count(12)
    page.goto("/en/coalitions/services")
    expect(page.locator("#dir-247")).to_be_visible()
    entries = page.evaluate("history.length")
    page.check("#dir-247")
    expect(page.locator("#directory-results li h3")).to_have_count(4)
    # Every page has the quick exit: filtering replaces the address (it can be bookmarked) and leaves no
    # browser-history entry behind.
    expect(page).to_have_url(re.compile("open_24_7=1"))
    assert page.evaluate("history.length") == entries
