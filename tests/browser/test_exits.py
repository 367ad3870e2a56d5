"""Survivors' exits in a real browser: the quick exit on every kind of public page, Back after leaving does
not show the portal page, and at 400% zoom the bar stays small and never hides the focused field."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.paths import at
from tests.twofactor import finish_in_browser

LANGS = ["fr", "en"]
NEUTRAL = "https://neutral.example/"   # answered locally by the browser fixtures, like the exit site


def _public_pages(make):
    c = make.consultation()
    return ["/", "/search", "/search/lessons", "/consultations/", f"/consultations/{c.slug}",
            "/coalitions/", "/coalitions/services", "/commitments/", "/privacy", "/login", "/no-such-page"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_public_page_has_a_visible_quick_exit(page, make, lang):
    for path in _public_pages(make):
        page.goto(at(lang, path))
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
    page.goto("/fr/recherche/lecons" if lang == "fr" else "/en/search/lessons")
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
        page.goto("/fr/connexion" if lang == "fr" else "/en/login")
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


# ---- Sizes checked before sending, counters, drafts kept -------------------------------------------------

MB = 1024 * 1024


def _pdf(size):
    """A file of `size` bytes named preuve.pdf, on disk: Playwright hands a local browser the path, where a
    13 MB in-memory buffer is sent through the driver in base64 (over 10 s on a loaded machine)."""
    folder = Path(tempfile.gettempdir()) / f"concerto-browser-{os.getpid()}-{size}"
    path = folder / "preuve.pdf"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF" + b"0" * (size - 4))
    return str(path)


@pytest.mark.parametrize("lang", LANGS)
def test_a_too_large_file_is_refused_before_sending_and_the_text_stays(page, make, lang):
    c = make.consultation()
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    area = page.locator("textarea").first
    area.fill("Ce que j'ai vécu.")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    attachment = page.locator("input[type=file][name=attachment]")
    attachment.set_input_files(_pdf(13 * MB))
    error = page.locator("#attachment-size-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("preuve.pdf")
    expect(error).to_contain_text("13 Mo" if lang == "fr" else "13 MB")
    expect(attachment).to_have_attribute("aria-invalid", "true")
    assert attachment.evaluate("el => el.files.length") == 0         # the file is refused, not sent
    expect(area).to_have_value("Ce que j'ai vécu.")
    assert sent == []
    # Forced onto the form anyway (a script, an old browser), the sending is stopped before it leaves.
    attachment.evaluate("""el => { const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(13 * 1024 * 1024)], 'preuve.pdf')); el.files = dt.files; }""")
    page.locator("form.submission-form button[type=submit]").first.click()
    expect(error).to_be_visible()
    expect(area).to_have_value("Ce que j'ai vécu.")
    assert sent == []                                                 # nothing left the browser


@pytest.mark.parametrize("lang", LANGS)
def test_long_text_counts_characters_and_is_never_cut(page, make, lang):
    c = make.consultation()
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    body = page.locator("textarea#body")
    count = page.locator("#body-count")
    expect(count).to_have_text("Caractères restants\u00a0: 50\u00a0000" if lang == "fr" else "Characters remaining: 50,000")
    body.fill("x" * 60_000)                                           # pasted: more than the limit
    expect(count).to_have_text("Caractères en trop\u00a0: 10\u00a0000. Raccourcissez le texte avant de l'envoyer."
                               if lang == "fr" else "Too many characters: 10,000. Shorten the text before sending.")
    assert len(body.input_value()) == 60_000                          # not cut to 50,000
    assert body.get_attribute("maxlength") is None
    live = page.locator("#body-count + [aria-live=polite]")
    expect(live).to_have_text(re.compile("10\u00a0000|10,000"))      # told politely, after a pause
    page.locator("form.submission-form button[type=submit]").first.click()
    expect(page.locator("#body-error")).to_be_visible()               # the server refuses it, text kept
    assert len(page.locator("textarea#body").input_value()) == 60_000


def test_after_a_413_going_back_fills_the_form_in_again(page, make):
    """A page whose size check did not run (an older page, a browser without it): the server's 413 page
    leads back to the form, and what was typed is filled in again."""
    c = make.consultation()
    page.goto(f"/fr/consultations/{c.slug}/repondre")
    page.locator("textarea#body").fill("Mon long témoignage, à ne pas perdre.")
    page.evaluate("""() => {
        document.getElementById('page-text').removeAttribute('data-max-request');
        document.querySelector('input[name=attachment]').setAttribute('data-max-bytes', String(64 * 1024 * 1024));
    }""")
    page.locator("input[name=attachment]").set_input_files(_pdf(13 * MB))
    page.locator("form.submission-form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Votre envoi est trop volumineux")
    expect(page.locator("main .alert-danger")).to_contain_text("Le fichier «\u00a0preuve.pdf\u00a0» pèse 13\u00a0Mo")
    page.locator("a[data-restore-back]").click()
    page.wait_for_url(f"**/fr/consultations/{c.slug}/repondre")
    expect(page.locator("textarea#body")).to_have_value("Mon long témoignage, à ne pas perdre.")
    expect(page.locator("[data-draft-restored]")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0                # nothing left behind in the browser


def test_a_roundtable_document_over_its_own_limit_is_refused_before_sending(app, page, make, login_page):
    """The roundtable's documents have their own limit (CONSULTATION_ATTACHMENT_MAX_MB, below the request's):
    the browser checks that limit, says it, and sends nothing."""
    app.config["CONSULTATION_ATTACHMENT_MAX_MB"] = 2
    try:
        rt = make.roundtable(make.consultation())
        user = make.user("secretariat", password="a browser test passphrase", email="sec-rt@example.test")
        login_page(page, user.email, "a browser test passphrase")
        page.goto(f"/en/consultations/roundtables/{rt.id}")
        file_input = page.locator("input[type=file][name=file]")
        expect(file_input).to_have_attribute("data-max-bytes", str(2 * MB))
        expect(page.locator("#file-hint")).to_have_text("Up to 2 MB.")
        sent = []
        page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
        file_input.set_input_files(_pdf(3 * MB))
        error = page.locator("#file-size-error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("preuve.pdf")
        assert file_input.evaluate("el => el.files.length") == 0
        assert sent == []
    finally:
        app.config.pop("CONSULTATION_ATTACHMENT_MAX_MB", None)


# ---- Confirm before what cannot be undone --------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_withdrawing_input_asks_first_without_javascript(page_nojs, make, lang):
    page = page_nojs
    c = make.consultation()
    _, code = make.submission(c, text="Mon témoignage.")
    page.goto("/fr/consultations/recu" if lang == "fr" else "/en/consultations/receipt")
    page.fill("main input[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    withdraw = page.get_by_role("button", name="Retirer ma contribution" if lang == "fr" else "Withdraw my input")
    expect(withdraw).to_be_visible()
    withdraw.click()
    expect(page.locator("h1")).to_have_text("Retirer votre contribution\u00a0?" if lang == "fr"
                                            else "Withdraw your input?")
    expect(page.locator("a[data-quick-exit]")).to_be_visible()
    page.get_by_role("button", name="Non, garder ma contribution" if lang == "fr" else "No, keep my input").click()
    expect(page.locator("main")).to_contain_text("Mon témoignage.")             # still there
    page.get_by_role("button", name="Retirer ma contribution" if lang == "fr" else "Withdraw my input").click()
    page.locator("[data-confirm-yes]").click()
    expect(page.locator("main")).to_contain_text("retirée" if lang == "fr" else "withdrawn")


# ---- Footer, accessibility statement, terms ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_footer_pages_have_no_serious_axe_violations(page, axe_check, lang):
    for path in ("/accessibility", "/terms", "/"):
        page.goto(at(lang, path))
        expect(page.locator("footer a[href='tel:+18339001010']")).to_be_visible()
        assert axe_check(page) == [], path
    page.locator("footer a[href$='/accessibility'], footer a[href$='/accessibilite']").click()
    page.wait_for_url("**/fr/accessibilite" if lang == "fr" else "**/en/accessibility")
    expect(page.locator("h1")).to_have_text("Énoncé sur l'accessibilité" if lang == "fr" else "Accessibility statement")


# ---- Idle sign-out: warned before, nothing lost after (WCAG 2.2.1) ---------------------------------------

PASSWORD = "a browser test passphrase"


def _expire_sessions():
    from datetime import timedelta

    from sqlalchemy import update

    from portal.auth.models import UserSession
    from portal.db import utcnow
    from portal.extensions import db

    with db.engine.begin() as conn:
        conn.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))


def _last_seen():
    from sqlalchemy import select

    from portal.auth.models import UserSession
    from portal.extensions import db

    with db.engine.connect() as conn:
        return conn.execute(select(UserSession.last_seen_at)).scalar_one()


@pytest.mark.parametrize("lang", LANGS)
def test_a_warning_before_the_idle_sign_out_offers_to_stay_signed_in(page, make, login_page, lang):
    user = make.user("secretariat", password=PASSWORD, email=f"sec-{lang}@example.test")
    page.clock.install()
    login_page(page, user.email, PASSWORD, lang)
    page.goto("/fr/recherche/lecons/nouveau" if lang == "fr" else "/en/search/lessons/new")
    title = page.locator("input[name=title_fr]")
    expect(title).to_be_visible()
    title.focus()
    before = _last_seen()
    page.clock.fast_forward("26:00")
    expect(page.locator(".session-warning")).to_have_count(0)        # not yet
    page.clock.fast_forward("01:30")                                  # about 2 minutes before the end
    warning = page.locator(".session-warning[role=alertdialog]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("2\u00a0minutes" if lang == "fr" else "2 minutes")
    stay = warning.get_by_role("button", name="Rester connecté" if lang == "fr" else "Stay signed in")
    expect(stay).to_be_focused()
    with page.expect_response(lambda r: r.url.endswith(("/session/keep-alive", "/session/prolonger")) and r.status == 200):
        stay.click()
    expect(warning).to_have_count(0)
    expect(title).to_be_focused()                                     # back where the person was
    expect(page.locator("#session-status")).to_have_text("Vous êtes toujours connecté." if lang == "fr"
                                                         else "You are still signed in.")
    assert _last_seen() > before                                      # the server's clock restarted too


def test_keep_alive_needs_the_csrf_token_and_a_session(app, client, make, login_as):
    assert client.post("/en/session/keep-alive").status_code == 401          # a visitor: not signed in
    login_as(make.user("secretariat"))
    assert client.post("/en/session/keep-alive").get_json() == {"signed_in": True}


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_sent_after_the_session_ended_asks_to_sign_in_and_keeps_the_text(page, make, login_page, lang):
    user = make.user("secretariat", password=PASSWORD, email=f"late-{lang}@example.test")
    login_page(page, user.email, PASSWORD, lang)
    page.goto("/fr/recherche/lecons/nouveau" if lang == "fr" else "/en/search/lessons/new")
    page.fill("input[name=title_fr]", "Leçon tapée avant la fin")
    page.fill("textarea[name=context_fr]", "Un long contexte, tapé pendant plus de trente minutes.")
    _expire_sessions()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/fr/connexion\?next=" if lang == "fr" else r"/en/login\?next="))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".flashes")).to_contain_text("inactivité" if lang == "fr" else "inactivity")
    page.fill("main input[name=email]", user.email)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_in_browser(page, user.email)
    page.wait_for_url("**/fr/recherche/lecons/nouveau" if lang == "fr" else "**/en/search/lessons/new")
    expect(page.locator("textarea[name=context_fr]")).to_have_value(
        "Un long contexte, tapé pendant plus de trente minutes.")
    expect(page.locator("input[name=title_fr]")).to_have_value("Leçon tapée avant la fin")
    expect(page.locator("[data-draft-restored]")).to_be_visible()


def test_when_the_session_has_ended_the_banner_leads_to_sign_in_and_back(page, make, login_page):
    user = make.user("secretariat", password=PASSWORD, email="ended@example.test")
    page.clock.install()
    login_page(page, user.email, PASSWORD, "fr")
    page.goto("/fr/recherche/lecons/nouveau")
    page.fill("textarea[name=context_fr]", "Texte à garder.")
    _expire_sessions()
    page.clock.fast_forward("29:30")
    again = page.locator(".session-warning a[data-sign-in-again]")
    expect(again).to_be_visible()
    expect(page.locator(".session-warning")).to_contain_text("Votre session a pris fin")
    again.click()
    page.wait_for_url(re.compile(r"/fr/connexion\?next=%2Ffr%2Frecherche%2Flecons%2Fnouveau|/fr/connexion\?next=/fr/recherche/lecons/nouveau"))
    page.fill("main input[name=email]", user.email)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_in_browser(page, user.email)
    page.wait_for_url("**/fr/recherche/lecons/nouveau")
    expect(page.locator("textarea[name=context_fr]")).to_have_value("Texte à garder.")
