"""The record picker in a real browser: the secretariat links consultation input to a commitment by typing words
or its reference and choosing from the list (JavaScript on), or by typing the reference (JavaScript off)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.links import Link

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
    page.goto(f"/{lang}/login")
    page.fill("input[name=email]", "picker.secretariat@example.test")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _linked(sub) -> list[int]:
    db.session.commit()  # end the test's own transaction: read what the server wrote
    return list(db.session.scalars(select(Link.target_id).where(Link.source_type == "submission",
                                                                Link.source_id == sub.id)))


@pytest.mark.parametrize("lang,words,chosen", [("en", "youth camp", "It will link:"),
                                               ("fr", "campagne jeu", "Ce qui sera lié\u00a0:")])
def test_typing_words_offers_matches_and_shows_what_will_be_linked(page, world, axe_check, lang, words, chosen):
    page.set_default_timeout(WAIT)
    _login(page, lang)
    page.goto(f"/{lang}/consultations/submissions/{world.sub.id}")
    box = page.locator("input[name='link-commitment']")
    expect(box).to_be_visible()
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
    page.locator("form[action$='/link'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/consultations/submissions/{world.sub.id}$"))
    expect(page.locator(f"a[href='/{lang}/commitments/{world.target.id}']")).to_be_visible()
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
    page.locator("form[action$='/link'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#link-commitment-error")).to_contain_text(
        f"Nothing you may see has the reference “{world.target.id}”")
    expect(box).to_have_value(str(world.target.id))
    assert _linked(world.sub) == []
    box.fill("1.11.9")
    page.locator("form[action$='/link'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/consultations/submissions/{world.sub.id}$"))
    expect(page.locator(f"a[href='/en/commitments/{world.target.id}']")).to_be_visible()
    assert _linked(world.sub) == [world.target.id]
