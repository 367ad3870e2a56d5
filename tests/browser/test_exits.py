"""Survivors' exits in a real browser: the quick exit on every kind of public page, Back after leaving does
not show the portal page, and at 400% zoom the bar stays small and never hides the focused field."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

LANGS = ["fr", "en"]
NEUTRAL = "https://neutral.example/"   # answered locally by the browser fixtures, like the exit site


def _public_pages(make):
    c = make.consultation()
    return ["/", "/search", "/search/lessons", "/consultations/", f"/consultations/{c.slug}",
            "/coalitions/", "/coalitions/services", "/commitments/", "/privacy", "/login", "/no-such-page"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_public_page_has_a_visible_quick_exit(page, make, lang):
    for path in _public_pages(make):
        page.goto(f"/{lang}{path}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        button = page.locator("a[data-quick-exit]")
        expect(button).to_have_count(1)
        expect(button).to_be_visible()
        expect(button).to_have_text("Sortie rapide" if lang == "fr" else "Quick exit")


def _leave_and_go_back(page, exit_url):
    with page.expect_request(lambda r: r.url.startswith(exit_url) and r.is_navigation_request()):
        page.locator("a[data-quick-exit]").click()
    page.wait_for_url(exit_url + "*")
    page.go_back()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", LANGS)
def test_back_after_the_quick_exit_does_not_show_the_portal_page(app, page, lang):
    exit_url = app.config["QUICK_EXIT_URL"]
    page.goto(NEUTRAL)
    page.goto(f"/{lang}/search/lessons")
    expect(page.locator("a[data-quick-exit]")).to_be_visible()
    _leave_and_go_back(page, exit_url)
    expect(page).to_have_url(NEUTRAL)          # the page before the portal, not the lessons page
    assert "/search/lessons" not in page.url


@pytest.fixture
def empty_index(app, tmp_path):
    from portal.search.index import _HOLDERS, ensure_index

    old = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    ensure_index()
    yield tmp_path
    app.config["CONCERTO_DATA_DIR"] = old
    for h in list(_HOLDERS.values()):
        h.close_all()


def test_back_after_the_quick_exit_skips_addresses_htmx_changed(app, page, empty_index):
    """A search updated in place changes the address (it can be bookmarked) without adding history."""
    exit_url = app.config["QUICK_EXIT_URL"]
    page.goto(NEUTRAL)
    page.goto("/en/search")
    before = page.evaluate("history.length")
    page.fill("#search-q", "housing")
    with page.expect_response(lambda r: "q=housing" in r.url and r.request.headers.get("hx-request")):
        page.click("form.search-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"[?&]q=housing"))
    assert page.evaluate("history.length") == before
    _leave_and_go_back(page, exit_url)
    expect(page).to_have_url(NEUTRAL)


@pytest.mark.parametrize("lang", LANGS)
def test_at_400_percent_zoom_the_bar_is_small_and_hides_no_focused_field(browser, live_server, app, lang):
    """A 1280 x 1024 window at 400% zoom is 320 x 256 CSS px (WCAG 1.4.10 and 2.4.11)."""
    context = browser.new_context(viewport={"width": 320, "height": 256}, base_url=live_server)
    try:
        page = context.new_page()
        page.goto(f"/{lang}/login")
        bar = page.locator(".quick-exit")
        expect(bar.locator("a[data-quick-exit]")).to_be_visible()
        height = bar.bounding_box()["height"]
        assert height <= 256 * 0.2, f"the quick-exit bar takes {height}px of 256"
        for name in ("email", "password"):
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.name") == name:
                    break
            else:
                pytest.fail(f"Tab never reached {name}")
            field = page.locator(f"main input[name={name}]").bounding_box()
            bar_box = bar.bounding_box()
            assert field["y"] >= bar_box["y"] + bar_box["height"] - 1, f"{name} is under the quick-exit bar"
            assert field["y"] + field["height"] <= 257, f"{name} is below the window"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        context.close()
