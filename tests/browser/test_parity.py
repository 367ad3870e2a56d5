"""Publication parity in a real browser: the secretariat follows its home page's "translation" count to the
list, opens a record from it and is asked for the other language on save, with the explicit choice; axe-clean
in both languages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.twofactor import finish_in_browser

PASSWORD = "a browser test passphrase"
WAIT = 30_000


@pytest.mark.parametrize("lang,count,missing", [("en", "1 public record needs a translation", "Title in English"),
                                                ("fr", "1 fiche publique à traduire", "Titre en anglais")])
def test_the_secretariat_goes_from_its_count_to_the_record_and_is_asked_for_the_other_language(
        page, make, axe_check, lang, count, missing):
    plan = make.plan("NAP-P")
    make.commitment(plan, "1.1", make.org("RCMP"), title_fr="Refuges d'urgence", title_en="")
    make.user("secretariat", password=PASSWORD, email="parity.secretariat@example.test")
    page.set_default_timeout(WAIT)
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("input[name=email]", "parity.secretariat@example.test")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith(("/login", "/connexion")))
    finish_in_browser(page, "parity.secretariat@example.test")
    page.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)
    page.goto(f"/{lang}/")
    page.locator("section.todo a", has_text=count).click()
    expect(page.locator("h1")).to_have_text("Translation needed" if lang == "en" else "Traduction à faire")
    expect(page.locator("main table")).to_contain_text(missing)
    assert axe_check(page) == []
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/\d+/(edit|modifier)$"))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".error-summary")).to_contain_text(missing)
    choice = page.locator("input[name=one_language]")
    expect(choice).to_be_visible()
    assert page.locator("textarea[name=title_fr]").input_value() == "Refuges d'urgence"
    assert axe_check(page) == []
    choice.check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/\d+$"))
    expect(page.locator("main")).to_contain_text("Refuges d'urgence")
