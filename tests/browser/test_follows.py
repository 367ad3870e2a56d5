"""Follows in a real browser: follow a plan with and without JavaScript, the notifications and settings pages
and the "what changed" page pass axe in both languages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.paths import at

PASSWORD = "a browser test passphrase"


@pytest.fixture
def reader(app, make):
    plan = make.plan("BROWSE-FOLLOW", title_en="Browser plan", title_fr="Plan du navigateur")
    make.commitment(plan, "1.1", make.org("DEPTB", "federal"), title_en="Shelter beds", title_fr="Lits")
    user = make.user("ngo_member", email="reader@example.test", password=PASSWORD)
    make.follows_job()
    db.session.commit()
    return user, plan


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_follow_then_pages_pass_axe(page, login_page, axe_check, reader, lang):
    user, plan = reader
    login_page(page, user.email, PASSWORD, lang)
    page.goto(f"/fr/engagements/plans/{plan.code}" if lang == "fr" else f"/en/commitments/plans/{plan.code}")
    button = page.locator(".follow-button button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()  # htmx swaps the button in place
    expect(page.locator(".follow-button button")).to_have_attribute("aria-pressed", "true")
    for path in ("follows/notifications", "follows/account/notifications", "follows/activity"):
        page.goto(at(lang, "/" + path))
        expect(page.locator("main h1")).to_be_visible()
        assert axe_check(page) == [], path
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/fr/suivis/activite" if lang == "fr" else "/en/follows/activity")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_follow_without_javascript(page_nojs, login_page, reader):
    user, plan = reader
    login_page(page_nojs, user.email, PASSWORD, "en")
    page_nojs.goto(f"/en/commitments/plans/{plan.code}")
    page_nojs.click(".follow-button button")
    page_nojs.wait_for_url(f"**/en/commitments/plans/{plan.code}")
    expect(page_nojs.locator(".follow-button button")).to_have_text("Following — stop")
