"""The signed-in home page's work list in a real browser: a link per queue, it leads to the queue; axe-clean in
both languages; no sideways scroll at 375 px."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.twofactor import finish_in_browser

PASSWORD = "a browser test passphrase"
WAIT = 30_000


@pytest.mark.parametrize("lang,review", [("en", "1 lesson to review"), ("fr", "1 leçon à réviser")])
def test_the_secretariat_follows_a_link_of_its_work_list(page, make, axe_check, lang, review):
    make.lesson(title_fr="Leçon à réviser", title_en="Lesson to review", visibility="public", reviewed=False)
    make.user("secretariat", password=PASSWORD, email="todo.secretariat@example.test")
    page.set_default_timeout(WAIT)
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("input[name=email]", "todo.secretariat@example.test")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith(("/login", "/connexion")))
    finish_in_browser(page, "todo.secretariat@example.test")     # the secretariat's second step
    page.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)
    page.goto(f"/{lang}/")
    work = page.locator("section.todo")
    expect(work.locator("a", has_text=review)).to_be_visible()
    assert axe_check(page) == []
    page.screenshot(path=f"/tmp/home-todo-{lang}-1280.png", full_page=False)
    page.set_viewport_size({"width": 375, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=f"/tmp/home-todo-{lang}.png", full_page=False)
    work.locator("a", has_text=review).click()
    page.wait_for_url(re.compile(r"/(search/lessons/review|recherche/lecons/examen)$"))
    expect(page.locator("main")).to_contain_text("Leçon à réviser" if lang == "fr" else "Lesson to review")
