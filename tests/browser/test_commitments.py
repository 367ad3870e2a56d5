"""Commitments in a real browser, in both languages: the RCMP lead reports progress with evidence, the
secretariat publishes it, a visitor sees the new status and the history entry; axe-core on every page;
the list filters and the pages work with JavaScript off. After every click that loads a page, the test waits
for that page (wait_for_url, expect) before looking at it."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal.commitments import services
from portal.extensions import db
from tests.twofactor import finish_in_browser
from tests.paths import at

PASSWORD = "a browser test passphrase"
LANGS = ["fr", "en"]
WAIT = 30_000  # ms; the machine running the suite may be busy
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(make):
    from types import SimpleNamespace

    ps, rcmp, cbsa = make.org("PS"), make.org("RCMP"), make.org("CBSA")
    plan = make.plan("NAP-B", title_fr="Plan d'action national", title_en="National Action Plan")
    task = make.commitment(plan, "1.11", rcmp, title_fr="Sensibiliser", title_en="Raise awareness")
    c = make.commitment(plan, "1.11.1", rcmp, parent_ref="1.11", title_fr="Lancer la campagne jeunesse",
                        title_en="Launch the youth campaign", due="2030-03-31")
    other = make.commitment(plan, "2.11", cbsa, title_fr="Former les agents", title_en="Train officers",
                            pillar_key="protection", status="at_risk")
    services.save_spending(c, services.SpendingInput("2025-2026", "1000", "1300", "dedicated", "Extra sessions"), None)
    cycle = services.open_cycle(plan, services.CycleInput("2025-2026 Q3", date.today() + timedelta(days=9)), None)
    db.session.commit()
    return SimpleNamespace(
        plan=plan, task=task, c=c, other=other, cycle=cycle,
        lead=make.user("department_lead", org=rcmp, password=PASSWORD, email="lead.rcmp@example.test"),
        secretariat=make.user("secretariat", org=ps, password=PASSWORD, email="secretariat@example.test"))


def _patient(*pages):
    # The machine running the suite may be busy; these pages post files and render long tables.
    for pg in pages:
        pg.set_default_timeout(WAIT)


def _clean(page, axe_check, what):
    violations = axe_check(page)
    assert violations == [], f"{what}: {violations}"


def _login(page, email, lang):
    # Not the shared login_page fixture: it clicks the first submit button of the page, which is now the
    # header's search form.
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_in_browser(page, email)
    page.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)


def _sign_out(page, lang):
    page.locator("header .utility-nav form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/$"))


@pytest.mark.parametrize("lang", LANGS)
def test_report_publish_and_see(page, page_nojs, axe_check, world, lang):
    _patient(page, page_nojs)
    label = {"fr": ("À risque", "Rapport d’étape publié"), "en": ("At risk", "Progress report published")}[lang]
    # 1. the RCMP lead reports progress with a file
    _login(page, world.lead.email, lang)
    page.goto(f"/fr/engagements/{world.c.id}/mises-a-jour/nouveau" if lang == "fr" else f"/en/commitments/{world.c.id}/updates/new")
    _clean(page, axe_check, "update form")
    page.select_option("select[name=status]", "at_risk")
    page.fill("input[name=progress]", "35")
    page.fill("textarea[name=narrative_fr]", "Dix ateliers donnés dans trois provinces.")
    page.fill("textarea[name=narrative_en]", "Ten workshops held in three provinces.")
    page.set_input_files("input[name=evidence_file]", files=[
        {"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.fill("input[name=evidence_label]", "Workshop report")
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/(commitments/updates|engagements/mises-a-jour)/\d+$"))
    expect(page.locator(".alert-success")).to_have_count(1)
    expect(page.locator("a", has_text="Workshop report")).to_have_count(1)
    _clean(page, axe_check, "update page")
    page.goto("/fr/engagements/mes-engagements" if lang == "fr" else "/en/commitments/mine")
    expect(page.locator("h1")).to_have_count(1)
    _clean(page, axe_check, "my organisation's commitments")
    _sign_out(page, lang)

    # 2. the secretariat publishes it
    _login(page, world.secretariat.email, lang)
    page.goto("/fr/engagements/examen" if lang == "fr" else "/en/commitments/review")
    _clean(page, axe_check, "review queue")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/(commitments/updates|engagements/mises-a-jour)/\d+$"))
    _clean(page, axe_check, "update to review")
    page.locator("form[action$='/publish'] button, form[action$='/publier'] button").click()
    page.wait_for_url(re.compile(r"/(commitments/review|engagements/examen)$"))
    expect(page.locator(".alert-success")).to_have_count(1)
    for path in (f"/commitments/new?plan={world.plan.code}", f"/commitments/{world.c.id}/edit",
                 f"/commitments/{world.c.id}/spending", f"/commitments/{world.c.id}/indicators",
                 f"/commitments/plans/{world.plan.code}/cycles", f"/commitments/plans/{world.plan.code}/import",
                 f"/commitments/plans/{world.plan.code}/settings", f"/commitments/plans/{world.plan.code}/indicators",
                 f"/commitments/cycles/{world.cycle.id}", "/commitments/plans/new"):
        page.goto(at(lang, path))
        expect(page.locator("h1"), path).to_have_count(1)
        _clean(page, axe_check, path)
    # a form shown again with its errors keeps what was typed
    page.goto(f"/fr/engagements/nouveau?plan={world.plan.code}" if lang == "fr" else f"/en/commitments/new?plan={world.plan.code}")
    page.fill("input[name=ref]", "9.9")
    page.fill("textarea[name=title_en]", "Typed title")
    page.fill("input[name=lead]", "RCMP")
    page.fill("input[name=progress]", "150")
    page.fill("input[name=start]", "2026-01-01")
    page.fill("input[name=due]", "2013-2012")
    page.locator("main form button.button-primary").click()
    expect(page.locator(".error-summary")).to_be_visible(timeout=WAIT)
    expect(page.locator("input[name=progress]")).to_have_value("150")
    expect(page.locator("textarea[name=title_en]")).to_have_value("Typed title")
    _clean(page, axe_check, "commitment form with errors")

    # 3. a visitor, without JavaScript, sees the new status and the history entry
    page_nojs.goto(f"/fr/engagements/{world.c.id}" if lang == "fr" else f"/en/commitments/{world.c.id}")
    main = page_nojs.locator("main")
    for text in (label[0], label[1], "RCMP", "Ten workshops" if lang == "en" else "Dix ateliers"):
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text(world.lead.display_name)
    expect(main).not_to_contain_text(world.secretariat.display_name)


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_are_accessible_and_work_without_javascript(page, page_nojs, axe_check, world, lang):
    _patient(page, page_nojs)
    code = world.plan.code
    for path in ("/commitments/", f"/commitments/plans/{code}", f"/commitments/plans/{code}/commitments",
                 f"/commitments/plans/{code}/timeline", f"/commitments/plans/{code}/report/2025-2026",
                 f"/commitments/{world.c.id}", f"/commitments/{world.task.id}"):
        page.goto(at(lang, path))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1"), path).to_have_count(1)
        _clean(page, axe_check, path)
    # the dashboard's chart is drawn by the server, with its data table beside it
    page.goto(f"/fr/engagements/plans/{code}" if lang == "fr" else f"/en/commitments/plans/{code}")
    expect(page.locator("svg rect.bar-planned")).to_have_count(1)
    expect(page.locator("svg rect.bar-actual")).to_have_count(1)
    expect(page.locator(".cm-chart table tbody tr")).to_have_count(1)
    # filters without JavaScript: a plain GET form
    page_nojs.goto(f"/fr/engagements/plans/{code}/engagements" if lang == "fr" else f"/en/commitments/plans/{code}/commitments")
    rows = page_nojs.locator("#commitment-results tbody tr")
    expect(rows).to_have_count(3)
    page_nojs.select_option("select[name=pillar]", "protection")
    page_nojs.locator("form.filter-form button[type=submit]").click()
    page_nojs.wait_for_url(re.compile(r"pillar=protection"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2.11")
    page_nojs.goto(f"/fr/engagements/plans/{code}/engagements" if lang == "fr" else f"/en/commitments/plans/{code}/commitments")
    page_nojs.locator(".cm-filter-links a").last.click()  # the "overdue" quick link
    page_nojs.wait_for_url(re.compile(r"overdue=1"))
    expect(page_nojs.locator("h1")).to_have_count(1)
    # with JavaScript, htmx swaps the results in place (and pushes the filtered address)
    page.goto(f"/fr/engagements/plans/{code}/engagements" if lang == "fr" else f"/en/commitments/plans/{code}/commitments")
    page.select_option("select[name=status]", "at_risk")
    expect(page.locator("#commitment-results tbody tr")).to_have_count(1, timeout=WAIT)
    expect(page).to_have_url(re.compile(r"status=at_risk"), timeout=WAIT)
