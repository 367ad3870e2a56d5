"""Consultations in a real browser, both languages: anonymous input and the receipt code, JavaScript off,
an NGO member for a survivor, the quick exit (button and Shift three times), moderation and "what we
heard", and axe-core on every page. Every navigation is followed by a waiting assertion (expect, wait_for_url),
never by a bare read of a page that may not have loaded yet."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.consultations import queries, services
from portal.consultations.models import Submission
from portal.db import utcnow
from portal.extensions import db
from tests.paths import at
from tests.twofactor import finish_in_browser

PASSWORD = "a long enough demo password 42"
NEUTRAL = "https://weather.gc.ca/"
RECEIPT = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}")


@pytest.fixture
def login_page():
    """Sign in through the real form (not the site search box in the header), then wait to leave it."""

    def run(pg, email: str, password: str, lang: str = "en"):
        pg.goto("/fr/connexion" if lang == "fr" else "/en/login")
        pg.fill("main input[name=email]", email)
        pg.fill("main input[name=password]", password)
        pg.click("main form button[type=submit]")
        finish_in_browser(pg, email)
        pg.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)

    return run


def _fill_answers(page, first="Plus de refuges, partout."):
    page.locator("textarea").first.fill(first)
    page.locator("input[type=radio][name^=q_][value='4']").first.check()


def _send(page):
    page.locator("form.submission-form button[type=submit]:not([name])").click()


def _stored() -> Submission:
    db.session.rollback()   # see what the server committed
    db.session.expire_all()
    return db.session.scalar(db.select(Submission))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_visitor_submits_anonymously_and_amends_with_the_receipt_code(page, make, axe_check, lang):
    c = make.consultation()
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    expect(page.locator("form.submission-form")).to_be_visible()
    expect(page.locator("[data-quick-exit]")).to_have_count(1)
    assert axe_check(page) == []
    _fill_answers(page)
    page.locator("input[name=consent][value=publish_anonymous]").check()
    _send(page)
    receipt = page.locator("[data-receipt-code]")
    expect(receipt).to_have_text(RECEIPT)
    code = receipt.inner_text()
    assert axe_check(page) == []
    assert page.evaluate("() => window.localStorage.length + window.sessionStorage.length") == 0

    page.goto("/fr/consultations/recu" if lang == "fr" else "/en/consultations/receipt")
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form.submission-form textarea").first).to_have_value("Plus de refuges, partout.")
    assert axe_check(page) == []
    page.locator("textarea").first.fill("Texte modifié par le visiteur.")
    page.locator("form.submission-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Votre contribution a été mise à jour." if lang == "fr"
                                            else "Your input has been updated.")
    sub = _stored()
    assert sub.answers[0].text == "Texte modifié par le visiteur." and sub.user_id is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_submission_page_works_without_javascript(page_nojs, make, lang):
    c = make.consultation()
    page = page_nojs
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    expect(page.locator("form.submission-form")).to_be_visible()
    _fill_answers(page, "Sans JavaScript.")
    page.locator("input[name=consent][value=secretariat_only]").check()
    _send(page)
    expect(page.locator("[data-receipt-code]")).to_have_text(RECEIPT)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ngo_member_submits_for_a_survivor(page, make, login_page, lang):
    c = make.consultation()
    member = make.user("ngo_member", org=make.org(f"NGO-B-{lang}", "ngo"), password=PASSWORD,
                       email=f"ngo-{lang}@example.test")
    login_page(page, member.email, PASSWORD, lang)
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    expect(page.locator("input[name=on_behalf]")).to_be_visible()
    _fill_answers(page, "Ce qu'elle m'a demandé d'écrire.")
    page.locator("input[name=on_behalf]").check()
    page.locator("input[name=consent][value=do_not_publish]").check()
    _send(page)
    expect(page.locator(".error-summary")).to_have_count(1)          # attestation missing
    expect(page.locator("textarea").first).to_have_value("Ce qu'elle m'a demandé d'écrire.")
    expect(page.locator("input[name=on_behalf]")).to_be_checked()    # what was chosen is kept too
    page.locator("input[name=attested]").check()
    _send(page)
    expect(page.locator("[data-receipt-code]")).to_have_text(RECEIPT)
    sub = _stored()
    assert sub.on_behalf and sub.consent_attested and sub.organisation_id == member.organisation_id


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quick_exit_by_button_and_by_pressing_shift_three_times(page, make, lang):
    # The neutral site is never fetched from the Internet: the request leaving for it is what we check.
    def leaving(request):
        return request.url.startswith(NEUTRAL) and request.is_navigation_request()

    c = make.consultation()
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    expect(page.locator("[data-quick-exit]")).to_be_visible()
    page.locator("textarea").first.fill("à effacer")
    with page.expect_request(leaving):
        page.locator("[data-quick-exit]").click()
    page.goto(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    expect(page.locator("textarea").first).to_be_visible()
    page.locator("textarea").first.click()
    with page.expect_request(leaving):
        for _ in range(3):
            page.keyboard.press("Shift")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_secretariat_moderates_and_publishes_what_we_heard(page, make, login_page, axe_check, lang):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", text="Il faut un logement sûr à Gatineau.")
    c.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    staff = make.user("secretariat", password=PASSWORD, email=f"sec-{lang}@example.test")
    login_page(page, staff.email, PASSWORD, lang)
    page.goto(f"/{lang}/consultations/moderation")
    link = page.locator(f"a[href$='/consultations/submissions/{sub.id}'], a[href$='/consultations/soumissions/{sub.id}']")
    expect(link).to_be_visible()
    assert axe_check(page) == []
    link.click()
    page.wait_for_url(f"**/consultations/{'soumissions' if lang == 'fr' else 'submissions'}/{sub.id}")
    expect(page.locator("form[action*='/moderate'], form[action*='/moderer']")).to_be_visible()
    assert axe_check(page) == []
    page.locator("input[name=mod-action][value=redact]").check()
    page.select_option("select[name=mod-answer_id]", index=0)
    page.fill("textarea[name=mod-passage]", "à Gatineau")
    page.fill("textarea[name=mod-reason]", "lieu")
    page.locator("form[action*='/moderate'] button.button-primary[type=submit], "
                 "form[action*='/moderer'] button.button-primary[type=submit]").click()
    expect(page.locator("main li q", has_text="à Gatineau")).to_be_visible()     # the redaction is listed
    page.wait_for_load_state("load")
    # the decision was taken: the form is empty again, nothing sent is put back in it
    expect(page.locator("textarea[name=mod-passage]")).to_have_value("")
    assert page.locator("[data-draft-restored]").count() == 0
    page.locator("input[name=mod-action][value=publish]").check()
    page.locator("form[action*='/moderate'] button.button-primary[type=submit], "
                 "form[action*='/moderer'] button.button-primary[type=submit]").click()
    expect(page.locator("dl.facts")).to_contain_text("Publiée" if lang == "fr" else "Published")
    page.goto(f"/fr/consultations/{c.slug}/ce-que-nous-avons-entendu/modifier" if lang == "fr" else f"/en/consultations/{c.slug}/what-we-heard/edit")
    expect(page.locator("textarea[name=wwh_fr]")).to_be_visible()
    assert axe_check(page) == []
    page.fill("textarea[name=wwh_fr]", "Ce que nous avons entendu, en bref.")
    page.fill("textarea[name=wwh_en]", "What we heard, in short.")
    page.locator("button[name=publish]").click()
    page.wait_for_url(f"**/fr/consultations/{c.slug}/ce-que-nous-avons-entendu" if lang == "fr" else f"**/en/consultations/{c.slug}/what-we-heard")
    db.session.rollback()
    assert queries.consultation_by_slug(c.slug).wwh_published_at is not None
    visitor = page.context.browser.new_context(base_url=page.url.split("/" + lang + "/")[0])
    try:
        public = visitor.new_page()
        public.goto(f"/fr/consultations/{c.slug}/soumissions" if lang == "fr" else f"/en/consultations/{c.slug}/submissions")
        expect(public.locator("main")).to_contain_text("logement sûr")
        expect(public.locator("main")).not_to_contain_text("Gatineau")
    finally:
        visitor.close()


VISITOR_PAGES = ["/consultations/", "/consultations/{slug}", "/consultations/{slug}/respond",
                 "/consultations/{slug}/submissions", "/consultations/{slug}/what-we-heard",
                 "/consultations/receipt", "/consultations/roundtables/{rt}", "/consultations/submissions/{sub}"]
STAFF_PAGES = ["/consultations/new", "/consultations/{slug}/edit", "/consultations/{slug}/paper",
               "/consultations/{slug}/themes", "/consultations/categories", "/consultations/roundtables/new",
               "/consultations/roundtables/{rt}/edit", "/consultations/roundtables/{rt}", "/consultations/key-points/{kp}/edit",
               "/consultations/{slug}/what-we-heard", "/consultations/submissions/{sub}", "/consultations/moderation"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_no_serious_accessibility_violation(page, make, axe_check, login_page, lang):
    c = make.consultation()
    make.theme(c, "t1", "Thème", "Theme")
    sub, _ = make.submission(c, "publish_named", publish=True, attribution_name="Org X")
    rt = make.roundtable(c)
    services.add_evaluation(rt, services.EvaluationInput("Bien", "Good", 0.9), None)
    c.closes_at = utcnow() - timedelta(minutes=1)
    services.save_what_we_heard(c, services.WhatWeHeardInput("Résumé.", "Summary.", publish=True), None)
    db.session.commit()
    args = {"slug": c.slug, "rt": rt.id, "sub": sub.id, "kp": rt.key_points[0].id}
    problems = {}
    for url in VISITOR_PAGES:
        page.goto(at(lang, url.format(**args)))
        expect(page.locator("main h1")).to_be_visible()
        found = axe_check(page)
        if found:
            problems[url] = found
    staff = make.user("secretariat", password=PASSWORD, email=f"axe-{lang}@example.test")
    login_page(page, staff.email, PASSWORD, lang)
    for url in STAFF_PAGES:
        resp = page.goto(at(lang, url.format(**args)))
        assert resp.status == 200, url
        expect(page.locator("main h1")).to_be_visible()
        found = axe_check(page)
        if found:
            problems["staff " + url] = found
    assert problems == {}
