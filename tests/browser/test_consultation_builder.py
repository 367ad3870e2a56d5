"""The questionnaire builder in a real browser: the secretariat builds a questionnaire (three kinds, one
required; the builder has no script), reorders it, previews it in both languages, then a visitor with
JavaScript off answers it."""
from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.consultations import services
from portal.consultations.models import Answer, Submission
from portal.db import utcnow
from portal.extensions import db
from tests.twofactor import finish_in_browser

PASSWORD = "a long enough demo password 42"


def _login(pg, email):
    pg.goto("/fr/connexion")
    pg.fill("main input[name=email]", email)
    pg.fill("main input[name=password]", PASSWORD)
    pg.click("main form button[type=submit]")
    finish_in_browser(pg, email)
    pg.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)


def _add_question(pg, kind, fr, en, required=False, choices=None):
    pg.get_by_role("link", name=re.compile("Ajouter une question")).first.click()
    expect(pg.get_by_role("heading", level=1)).to_contain_text("Ajouter une question")
    pg.locator(f"input[name=kind][value={kind}]").check()
    if required:
        pg.locator("input[name=required]").check()
    pg.fill("textarea[name=text_fr]", fr)
    pg.fill("textarea[name=text_en]", en)
    if choices:
        pg.fill("textarea[name=choices_fr]", "\n".join(choices[0]))
        pg.fill("textarea[name=choices_en]", "\n".join(choices[1]))
    pg.get_by_role("button", name="Enregistrer la question").click()
    pg.wait_for_url(re.compile(r"/concepteur#q-\d+$"))


def test_secretariat_builds_reorders_and_previews_then_a_visitor_answers(page_nojs, page, make, axe_check):
    now = utcnow()
    c = services.save_consultation(services.ConsultationInput(
        slug="concepteur", title_fr="Consultation conçue", title_en="Built consultation",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=5)), None)
    db.session.commit()
    staff = make.user("secretariat", password=PASSWORD, email="builder-sec@example.test")
    pg, visitor = page, page_nojs
    _login(pg, staff.email)
    pg.goto("/fr/consultations/concepteur/concepteur")
    expect(pg.get_by_role("heading", level=1)).to_contain_text("Concepteur de questionnaire")
    pg.get_by_role("link", name="Ajouter une section").click()
    pg.fill("input[name=title_fr]", "Hébergement")
    pg.click("button[type=submit]:has-text('Enregistrer la section')")   # the title in English is missing
    expect(pg.locator(".error-summary")).to_be_visible()
    expect(pg.locator("input[name=title_fr]")).to_have_value("Hébergement")
    pg.fill("input[name=title_en]", "Housing")
    pg.click("button[type=submit]:has-text('Enregistrer la section')")
    pg.wait_for_url(re.compile(r"/concepteur#s-\d+$"))

    _add_question(pg, "long", "Que faut-il changer ?", "What must change?", required=True)
    _add_question(pg, "scale", "Les refuges suffisent.", "Shelters are enough.")
    _add_question(pg, "multi", "Quels services ?", "Which services?",
                  choices=(["Santé", "Logement", "Emploi"], ["Health", "Housing", "Work"]))
    refs = pg.locator(".builder-question .q-ref")
    expect(refs).to_have_text(["1.1", "1.2", "1.3"])
    # Move the multiple-choice question to the top, one step at a time.
    multi = pg.locator(".builder-question", has_text="Quels services ?")
    multi.get_by_role("button", name=re.compile("Monter")).click()
    pg.wait_for_url(re.compile(r"/concepteur#q-\d+$"))
    expect(pg.locator(".alert, .flash").first).to_contain_text("1.2")
    pg.locator(".builder-question", has_text="Quels services ?").get_by_role("button", name=re.compile("Monter")).click()
    expect(pg.locator(".builder-question").first).to_contain_text("Quels services ?")
    expect(pg.locator(".builder-question").nth(1)).to_contain_text("Que faut-il changer ?")
    expect(pg.locator(".builder-question .q-ref")).to_have_text(["1.1", "1.2", "1.3"])
    assert axe_check(pg) == []

    pg.get_by_role("link", name="Aperçu tel que le voient les répondants").click()
    expect(pg.get_by_role("heading", level=1)).to_contain_text("Consultation conçue")
    expect(pg.locator(".question .q-ref")).to_have_text(["Question 1.1", "Question 1.2", "Question 1.3"])
    expect(pg.locator("input[type=checkbox][name^=q_]")).to_have_count(3)
    expect(pg.locator(".question").nth(1)).to_contain_text("(obligatoire)")
    expect(pg.locator("button", has_text="Envoyer")).to_be_disabled()
    pg.get_by_role("link", name="Voir en anglais").click()
    expect(pg.locator(".question").first).to_contain_text("Which services?")
    expect(pg.locator(".question").first).to_contain_text("Housing")
    expect(pg.locator(".question").nth(1)).to_contain_text("(required)")

    assert axe_check(pg) == []
    # A visitor (JavaScript off) answers, forgets the required question, then completes it; nothing is lost.
    page = visitor
    page.goto("/en/consultations/concepteur/respond")
    expect(page.locator("form.submission-form")).to_be_visible()
    page.get_by_label("Housing").check()
    page.get_by_label("Work").check()
    page.locator("input[type=radio][name^=q_][value='2']").check()
    page.locator("form.submission-form button[type=submit]:not([name])").click()
    expect(page.locator(".error-summary")).to_contain_text("Question 1.2 is required")
    expect(page.get_by_label("Housing")).to_be_checked()
    page.locator(".question", has_text="What must change?").locator("textarea").first.fill("More beds in the north.")
    page.locator("form.submission-form button[type=submit]:not([name])").click()
    expect(page.locator("[data-receipt-code]")).to_be_visible()
    db.session.rollback()
    db.session.expire_all()
    sub = db.session.scalar(db.select(Submission).where(Submission.consultation_id == c.id))
    values = {a.question.ref: a.value or a.text for a in db.session.scalars(
        db.select(Answer).where(Answer.submission_id == sub.id))}
    assert values == {"1.1": "2,3", "1.2": "More beds in the north.", "1.3": "2"}
