"""The foundation's pages in a real browser, in both languages: accessibility (axe-core, WCAG 2.1 A/AA),
keyboard-only sign-in, sign-in without JavaScript, the language toggle, quick exit, small screens and zoom."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.twofactor import code_for
from tests.paths import at

PASSWORD = "a browser test passphrase"
LANGS = ["fr", "en"]


@pytest.fixture
def admin(make):
    return make.user("admin", password=PASSWORD, email="admin.browser@example.test")


def _assert_no_violations(page, axe_check, what):
    violations = axe_check(page)
    assert violations == [], f"{what}: {violations}"


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_have_no_serious_axe_violations(page, axe_check, lang):
    for path in ("/", "/privacy", "/login", "/no-such-page"):
        page.goto(at(lang, path))
        assert page.locator("html").get_attribute("lang") == lang
        _assert_no_violations(page, axe_check, at(lang, path))


@pytest.mark.parametrize("lang", LANGS)
def test_signed_in_pages_have_no_serious_axe_violations(page, axe_check, login_page, admin, make, lang):
    target = make.user("ngo_member", email="someone@example.test")
    login_page(page, admin.email, PASSWORD, lang)
    org_id = target.organisation_id
    for path in ("/", "/account", "/admin/users", "/admin/users/invite", f"/admin/users/{target.id}",
                 "/admin/organisations", f"/admin/organisations/{org_id}", "/admin/audit"):
        page.goto(at(lang, path))
        assert urlsplit(page.url).path == at(lang, path), "not signed in?"
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").count() == 1, path
        _assert_no_violations(page, axe_check, at(lang, path))
    # a form shown again with its errors
    page.goto("/fr/admin/utilisateurs/inviter" if lang == "fr" else "/en/admin/users/invite")
    page.click("form.narrow button[type=submit], main form button.button-primary")
    page.wait_for_selector(".error-summary", state="visible")
    _assert_no_violations(page, axe_check, "invite form with errors")


def test_invitation_page_has_no_serious_axe_violations(page, axe_check, make):
    from portal.auth import services

    user = make.user("ngo_member", email="invitee@example.test")
    token = services.invite(user)
    db.session.commit()
    for lang in LANGS:
        page.goto(f"/{lang}/invitation/{token}")
        _assert_no_violations(page, axe_check, f"invitation {lang}")


def _tab_to(page, name):
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    pytest.fail(f"Tab never reached the {name} field")


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_only_login(page, admin, lang):
    page.goto(f"/{lang}/")
    # The first Tab reaches the skip link, which is visible when focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    _tab_to(page, "email")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus is not visible"
    page.keyboard.type(admin.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/connexion/code$" if lang == "fr" else r"/en/login/code$"))  # the second step
    _tab_to(page, "code")
    page.keyboard.type(code_for(admin.email))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    signed_in = "Vous êtes connecté." if lang == "fr" else "You are signed in."
    assert page.locator(".flashes").inner_text().strip() == signed_in


def test_login_works_without_javascript(page_nojs, admin):
    page = page_nojs
    page.goto("/fr/connexion")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/connexion/code$"))
    page.fill("input[name=code]", code_for(admin.email))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/$"))
    assert "Se déconnecter" in page.content()
    page.click("text=Se déconnecter")
    page.wait_for_url(re.compile(r"/fr/$"))
    assert "Se connecter" in page.locator("header").inner_text()


def test_wrong_password_shows_the_error_and_keeps_the_email(page, admin):
    page.goto("/en/login")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", "not the right one")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".error-summary", state="visible")  # the answer is slowed on purpose (timing)
    assert page.input_value("input[name=email]") == admin.email
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")


def test_language_toggle_leads_to_the_same_page(page, admin, login_page):
    login_page(page, admin.email, PASSWORD, "en")
    page.goto("/en/admin/audit?action=account")
    page.click("header a[hreflang=fr]")
    page.wait_for_url(re.compile(r"/fr/admin/journal\?action=account$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Journal d'audit"
    page.click("header a[hreflang=en]")
    page.wait_for_url(re.compile(r"/en/admin/audit\?action=account$"))
    assert page.locator("h1").inner_text() == "Audit log"


@pytest.mark.parametrize("width, scale", [(320, 1), (640, 2)])
def test_layout_fits_small_screens_and_200_percent_zoom(browser, live_server, width, scale):
    """320 CSS px wide (WCAG 1.4.10 reflow), and a 1280 px window at 200% zoom (640 CSS px)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale,
                                  base_url=live_server)
    try:
        page = context.new_page()
        for path in ("/fr/", "/en/login", "/fr/confidentialite", "/en/no-such-page"):
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            assert page.locator("header a[hreflang]").is_visible()
            assert page.locator("main h1").is_visible()
    finally:
        context.close()


def test_print_styles_hide_navigation(page):
    page.goto("/en/privacy")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".skip-link").is_visible()
    assert page.locator("main h1").is_visible()


def test_landmarks(page):
    page.goto("/fr/")
    assert page.locator("header[role=banner], body > header").count() == 1
    assert page.locator("main#main").count() == 1
    assert page.locator("footer").count() == 1
    assert page.locator("nav[aria-label]").count() >= 2


def _page_with_quick_exit(app):
    if "consultations.index" not in app.view_functions:
        pytest.skip("no survivor-facing page yet")
    with app.test_request_context():
        from flask import url_for

        return url_for("consultations.index", lang="fr")


def test_quick_exit_with_shift_three_times(app, page):
    left = []
    # The French page's exit, /fr/sortie-rapide. The server side of the quick exit (session ended, 303 to the neutral site) is tested in test_security.
    page.route("**/sortie-rapide", lambda route: left.append(route.request.url) or route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>left</title>"))
    page.goto(_page_with_quick_exit(app))
    assert page.locator("[data-quick-exit]").is_visible()
    before = page.evaluate("history.length")
    page.locator("main").click(position={"x": 5, "y": 5})
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/sortie-rapide")
    assert left and page.title() == "left"
    # location.replace: the survivor-facing page is not left in the history to come back to
    assert page.evaluate("history.length") == before


def test_quick_exit_button_without_javascript(app, page_nojs):
    page_nojs.goto(_page_with_quick_exit(app))
    page_nojs.click("[data-quick-exit]")
    page_nojs.wait_for_url(app.config["QUICK_EXIT_URL"] + "*")


@pytest.mark.parametrize("lang", LANGS)
def test_first_sign_in_sets_up_two_step_sign_in(page, axe_check, make, lang, tmp_path):
    import pyotp

    member = make.user("committee_member", password=PASSWORD, two_factor=False)
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("input[name=email]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/compte/deux-etapes$" if lang == "fr" else r"/en/account/two-step$"))
    expect(page.locator("main svg")).to_be_visible()  # the QR code, drawn on the server
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    _assert_no_violations(page, axe_check, f"two-step set-up {lang}")
    page.screenshot(path=str(tmp_path / f"two-step-{lang}.png"), full_page=True)
    page.goto(f"/{lang}/")  # nothing else is reachable yet: not signed in until the code passes
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    expect(page.locator("header form[action$='/logout'], header form[action$='/deconnexion']")).to_have_count(0)
    page.goto("/fr/compte/deux-etapes" if lang == "fr" else "/en/account/two-step")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    # Ten argon2 hashes (the recovery codes) take a while on a loaded test machine.
    page.press("input[name=code]", "Enter", timeout=60_000)
    expect(page.locator("ul.recovery-codes li")).to_have_count(10, timeout=60_000)
    _assert_no_violations(page, axe_check, f"recovery codes {lang}")
    page.click("main a.button-primary")
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    expect(page.locator("header form[action$='/logout'], header form[action$='/deconnexion']")).to_have_count(1)
