"""The record picker in a real browser: the secretariat links consultation input to a commitment by typing words
or its reference and choosing from the list (JavaScript on), or by typing the reference (JavaScript off)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.links import Link
from tests.twofactor import finish_in_browser

PASSWORD = "a browser test passphrase"
WAIT = 30_000


@pytest.fixture
def world(make):
    from types import SimpleNamespace

    plan = make.plan("NAP-P", title_fr="Plan d'action national", title_en="National Action Plan")
    make.commitment(plan, "1.11", title_fr="Sensibiliser", title_en="Raise awareness")
    target = make.commitment(plan, "1.11.9", title_fr="Lancer la campagne jeunesse", title_en="Launch the youth campaign")
    make.commitment(plan, "2.1", title_fr="Former les agents", title_en="Train officers", visibility="internal")
    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", publish=True)
    secretariat = make.user("secretariat", password=PASSWORD, email="picker.secretariat@example.test")
    return SimpleNamespace(plan=plan, target=target, sub=sub, secretariat=secretariat)


def _login(page, lang):
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("input[name=email]", "picker.secretariat@example.test")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_in_browser(page, "picker.secretariat@example.test")
    page.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)


def _linked(sub) -> list[int]:
    db.session.commit()  # end the test's own transaction: read what the server wrote
    return list(db.session.scalars(select(Link.target_id).where(Link.source_type == "submission",
                                                                Link.source_id == sub.id)))


@pytest.mark.parametrize("lang,words,chosen", [("en", "youth camp", "It will link:"),
                                               ("fr", "campagne jeu", "Ce qui sera lié\u00a0:")])
def test_typing_words_offers_matches_and_shows_what_will_be_linked(page, world, axe_check, lang, words, chosen):
    page.set_default_timeout(WAIT)
    _login(page, lang)
    page.goto(f"/fr/consultations/soumissions/{world.sub.id}" if lang == "fr" else f"/en/consultations/submissions/{world.sub.id}")
    box = page.locator("input[name='link-commitment']")
    expect(box).to_be_visible()
    # Wait for the answer to the whole of what was typed (earlier answers may come first).
    with page.expect_response(lambda r: ("/commitments/lookup" in r.url or "/engagements/chercher" in r.url) and words.replace(" ", "%20") in r.url):
        box.press_sequentially(words, delay=30)
    options = page.locator("#link-commitment-options [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("1.11.9")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")                       # chooses; does not send the form
    expect(box).to_have_value("NAP-P 1.11.9")
    preview = page.locator("#link-commitment-preview")
    expect(preview).to_contain_text(chosen)
    expect(preview).to_contain_text("1.11.9 — ")
    expect(page.locator("#link-commitment-options")).to_be_hidden()
    assert axe_check(page) == []
    page.screenshot(path=f"/tmp/picker-{lang}.png", full_page=True)
    page.locator("form[action$='/link'] button[type=submit], form[action$='/lier'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/consultations/(submissions|soumissions)/{world.sub.id}$"))
    expect(page.locator(f"a[href='/fr/engagements/{world.target.id}']" if lang == "fr" else f"a[href='/en/commitments/{world.target.id}']")).to_be_visible()
    assert _linked(world.sub) == [world.target.id]


def test_internal_commitments_are_offered_only_to_those_who_may_see_them(page, world):
    page.set_default_timeout(WAIT)
    page.goto("/en/commitments/lookup?q=train")   # a visitor: the internal one is not offered
    expect(page.locator("body")).to_contain_text("Nothing you may see matches")


def test_without_javascript_the_reference_is_typed_and_resolved_on_the_server(page_nojs, world):
    page = page_nojs
    page.set_default_timeout(WAIT)
    _login(page, "en")
    page.goto(f"/en/consultations/submissions/{world.sub.id}")
    box = page.locator("input[name='link-commitment']")
    box.fill(str(world.target.id))           # its internal number: names nothing
    page.locator("form[action$='/link'] button[type=submit], form[action$='/lier'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#link-commitment-error")).to_contain_text(
        f"Nothing you may see has the reference “{world.target.id}”")
    expect(box).to_have_value(str(world.target.id))
    assert _linked(world.sub) == []
    box.fill("1.11.9")
    page.locator("form[action$='/link'] button[type=submit], form[action$='/lier'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/consultations/(submissions|soumissions)/{world.sub.id}$"))
    expect(page.locator(f"a[href='/en/commitments/{world.target.id}']")).to_be_visible()
    assert _linked(world.sub) == [world.target.id]


def test_the_organisation_filter_is_searchable_with_javascript_and_a_select_without(page, page_nojs, make):
    plan = make.plan("NAP-O")
    cwf = make.org("CWF", org_type="ngo", name_en="Canadian Women's Foundation", name_fr="Fondation canadienne")
    rcmp = make.org("RCMP", org_type="police", name_en="Royal Canadian Mounted Police", name_fr="Gendarmerie royale")
    make.commitment(plan, "1.1", cwf, title_en="Shelters for women", title_fr="Refuges pour femmes")
    make.commitment(plan, "1.2", rcmp, title_en="Investigations", title_fr="Enquêtes")
    page.set_default_timeout(WAIT)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/commitments/plans/NAP-O/commitments")
    find = page.locator("#f-org-find")
    expect(find).to_be_visible()
    find.fill("women")
    expect(page.locator("[data-select-filter-status]")).to_have_text("1 organisation matches")
    assert page.locator("#f-org option:not([hidden])").all_text_contents() == ["All", "CWF — Canadian Women's Foundation"]
    page.screenshot(path="/tmp/org-filter-375.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#f-org", "CWF")
    expect(page.locator("#commitment-results")).to_contain_text("Shelters for women")
    expect(page.locator("#commitment-results")).not_to_contain_text("Investigations")

    page_nojs.set_default_timeout(WAIT)
    page_nojs.goto("/fr/engagements/plans/NAP-O/engagements")
    expect(page_nojs.locator("#f-org-find")).to_be_hidden()
    page_nojs.select_option("#f-org", "RCMP")
    page_nojs.locator("form.filter-form button[type=submit]").click()
    page_nojs.wait_for_url(re.compile(r"org=RCMP"))
    expect(page_nojs.locator("#commitment-results")).to_contain_text("Enquêtes")
    expect(page_nojs.locator("#commitment-results")).not_to_contain_text("Refuges pour femmes")
