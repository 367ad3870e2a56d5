"""Browser tests: Playwright driving Debian's chromium against a live server on 127.0.0.1.

Fixtures: live_server (base URL), browser, page (a fresh context; JavaScript on), page_nojs,
axe_check(page) -> serious/critical WCAG 2.1 A/AA violations, login_page(page, user, password).
Nothing leaves the machine: any request to another host is answered locally.
"""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from tests.twofactor import finish_in_browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    if CHROMIUM is None:
        skip = pytest.mark.skip(reason="Debian's chromium is not installed (make test installs it)")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(_app):
    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-quic"])
    yield browser
    browser.close()


def _local_only(context, live_server):
    def handler(route):
        url = route.request.url
        if url.startswith(live_server) or url.startswith("data:") or url.startswith("about:"):
            route.continue_()
        else:  # e.g. the quick-exit neutral site: answered here, never fetched
            route.fulfill(status=200, content_type="text/html",
                          body="<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>")

    context.route("**/*", handler)


def _new_page(browser, live_server, javascript: bool = True):
    # bypass_csp lets the test inject axe-core; the app's own pages never need inline script.
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=True, base_url=live_server,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    _local_only(context, live_server)
    return context, context.new_page()


@pytest.fixture
def page(app, browser, live_server):
    context, pg = _new_page(browser, live_server)
    yield pg
    context.close()


@pytest.fixture
def page_nojs(app, browser, live_server):
    context, pg = _new_page(browser, live_server, javascript=False)
    yield pg
    context.close()


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the serious and critical violations."""
    source = AXE.read_text(encoding="utf-8")

    def run(pg):
        pg.add_script_tag(content=source)
        result = pg.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]

    return run


@pytest.fixture
def login_page():
    """Sign in through the real form: login_page(page, email, password, lang='en')."""

    def run(pg, email: str, password: str, lang: str = "en"):
        pg.goto("/fr/connexion" if lang == "fr" else "/en/login")
        pg.fill("main input[name=email]", email)
        pg.fill("main input[name=password]", password)
        pg.click("main form button[type=submit]")  # not the search form in the header
        finish_in_browser(pg, email)  # the code step, for accounts with two-step sign-in
        pg.wait_for_load_state()

    return run
