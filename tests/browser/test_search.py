"""Search, lessons learned and the glossary in a real browser, in both languages: permissions, a lesson
found from the other language, the search page without JavaScript, htmx updates, axe-core.

After every navigation the test waits for what the new page shows (`expect(...)`, `expect(page).to_have_url`)
before it reads anything: a count taken right after a click can read the page being left."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.search.documents import SearchDocument
from tests.twofactor import finish_in_browser
from tests.paths import at

PASSWORD = "a browser test passphrase"
LANGS = ["fr", "en"]


@pytest.fixture
def login_page():
    """Sign in through the real form. (The shared fixture clicks the first submit button of the page,
    which is the header's search box once search exists; this one clicks the login form's.)"""

    def run(pg, email: str, password: str, lang: str = "en"):
        pg.goto("/fr/connexion" if lang == "fr" else "/en/login")
        pg.fill("main input[name=email]", email)
        pg.fill("main input[name=password]", password)
        pg.click("main form button[type=submit]")
        finish_in_browser(pg, email)
        expect(pg.locator("header form[action$='/logout'], header form[action$='/deconnexion']")).to_have_count(1)  # signed in

    return run


@pytest.fixture
def index_dir(app, tmp_path):
    from portal.search.index import _HOLDERS, ensure_index

    old = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    ensure_index()
    yield tmp_path
    app.config["CONCERTO_DATA_DIR"] = old
    for h in list(_HOLDERS.values()):
        h.close_all()


def _apply():
    from portal.search.writer import apply_outbox

    db.session.commit()
    apply_outbox()


@pytest.fixture
def corpus(index_dir, make):
    from portal.search.writer import index_documents

    make.glossary_term("permis de séjour temporaire", "temporary resident permit", "PST", "TRP")
    make.glossary_term("travail forcé", "forced labour")
    # Minimal test-only submission documents (the consultations feature indexes the real ones).
    index_documents([
        SearchDocument("submission", 901, "lessons.index", title_fr="Mémoire public sur les refuges",
                       body_fr="Les refuges manquent de places pour les victimes.", date=date(2019, 3, 1)),
        SearchDocument("submission", 902, "lessons.index", visibility="committee",
                       title_fr="Mémoire confidentiel sur les refuges",
                       body_fr="Témoignage de survivantes sur les refuges du Nord.", date=date(2020, 3, 1)),
    ])
    for i in range(14):
        make.lesson(title_fr=f"Leçon sur la sensibilisation numéro {i}", title_en=f"Awareness lesson number {i}",
                    context_fr="La sensibilisation des jeunes.", context_en="Youth awareness.",
                    pillar="prevention" if i % 2 else "protection", visibility="public")
    _apply()


def _hits(page, text: str):
    return page.locator(".hit-title").filter(has_text=text)


LESSON_PAGE = re.compile(r"/(search/lessons|recherche/lecons)/\d+$")


@pytest.mark.parametrize("lang", LANGS)
def test_committee_member_finds_a_submission_a_visitor_cannot(page, login_page, corpus, make, lang):
    member = make.user("committee_member", password=PASSWORD, email=f"committee.{lang}@example.test")
    page.goto("/fr/recherche?q=refuges" if lang == "fr" else "/en/search?q=refuges")
    expect(_hits(page, "public")).to_have_count(1)
    expect(_hits(page, "confidentiel")).to_have_count(0)
    login_page(page, member.email, PASSWORD, lang)
    page.goto("/fr/recherche?q=refuges" if lang == "fr" else "/en/search?q=refuges")
    expect(_hits(page, "confidentiel")).to_have_count(1)
    expect(_hits(page, "public")).to_have_count(1)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_created_from_a_source_is_found_from_the_other_language(page, login_page, index_dir, make, lang):
    finding = make.finding(code=f"F6{lang}", title_fr="Le PST est sous-utilisé", title_en="The TRP is underused",
                           body_fr="Le permis de séjour temporaire protège les victimes.")
    make.glossary_term("permis de séjour temporaire", "temporary resident permit", "PST", "TRP")
    secretariat = make.user("secretariat", password=PASSWORD, email=f"secretariat.{lang}@example.test")
    login_page(page, secretariat.email, PASSWORD, lang)
    page.goto(f"/fr/recherche/constats/{finding.id}" if lang == "fr" else f"/en/search/findings/{finding.id}")
    page.click("a[href*='lessons/new'], a[href*='lecons/nouveau']")
    expect(page).to_have_url(re.compile(r"/(search/lessons/new|recherche/lecons/nouveau)\?.*source_type=evaluation_finding"))
    page.fill("#title_fr", "Accélérer l'accès au permis de séjour temporaire")
    page.fill("#context_fr", "Des travailleuses étrangères exploitées ont renoncé à dénoncer.")
    page.select_option("#visibility", "public")
    page.click("form.narrow button[type=submit]")
    expect(page).to_have_url(LESSON_PAGE)
    expect(page.locator("h1")).to_have_text(re.compile("^Accélérer"))
    _apply()
    other = "en" if lang == "fr" else "fr"
    query = "temporary resident permit" if other == "en" else "travailleurs étrangers"
    page.goto(f"/{other}/search?q={query}")
    expect(_hits(page, "Accélérer")).to_have_count(1)


def test_search_page_works_without_javascript(page_nojs, corpus):
    page = page_nojs
    page.goto("/fr/recherche")
    expect(page.locator("#search-q")).to_be_visible()
    page.fill("#search-q", "sensibilisation")
    page.click("form.search-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"\?q=sensibilisation$"))
    expect(page.locator(".results-count")).to_contain_text("14 résultats")
    expect(page.locator(".hit")).to_have_count(10)
    page.click("nav.pagination a[rel=next]")
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page.locator(".hit")).to_have_count(4)
    page.click(".facet a:has-text('Prévention')")
    expect(page).to_have_url(re.compile(r"[?&]pillar=prevention(&|$)"))
    expect(page.locator(".results-count")).to_contain_text("7 résultats")
    page.click(".sort-links a")
    expect(page).to_have_url(re.compile(r"[?&]sort=recent(&|$)"))
    expect(page.locator("mark")).not_to_have_count(0)


def test_search_updates_with_htmx(page, corpus):
    page.goto("/en/search?q=awareness")
    expect(page.locator(".results-count")).to_contain_text("14 results")
    with page.expect_response(lambda r: "pillar=prevention" in r.url and r.request.headers.get("hx-request")):
        page.click(".facet a:has-text('Prevention')")
    expect(page.locator(".results-count")).to_contain_text("7 results")
    expect(page).to_have_url(re.compile(r"[?&]pillar=prevention(&|$)"))  # pushed: the filter can be bookmarked


@pytest.mark.parametrize("lang", LANGS)
def test_search_lessons_and_glossary_pages_have_no_serious_axe_violations(page, axe_check, login_page, corpus,
                                                                          make, lang):
    lesson = make.lesson(title_fr="Leçon à commenter", title_en="Lesson to discuss", visibility="committee")
    secretariat = make.user("secretariat", password=PASSWORD, email=f"secretariat.axe.{lang}@example.test")
    login_page(page, secretariat.email, PASSWORD, lang)
    for path in ("/search", "/search?q=sensibilisation", "/search?q=sensibilisaton", "/search/lessons",
                 f"/search/lessons/{lesson.id}", "/search/lessons/new", f"/search/lessons/{lesson.id}/edit",
                 "/search/glossary", "/search/saved"):
        page.goto(at(lang, path))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1")).to_have_count(1)
        violations = axe_check(page)
        assert violations == [], f"/{lang}{path}: {violations}"
    page.goto("/fr/recherche/lecons/nouveau" if lang == "fr" else "/en/search/lessons/new")
    expect(page.locator("form.narrow button[type=submit]")).to_be_visible()
    page.click("form.narrow button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe_check(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_from_a_roundtable_key_point_is_found_from_the_other_language(page, login_page, index_dir, make,
                                                                              lang):
    """Issue 6's "done when": the source is a real roundtable key point (consultations), followed through its
    "lesson learned" link; the lesson is written in French only and found by an English query (and the other
    way round) through the glossary."""
    from portal.consultations import services as consultations

    make.glossary_term("traite de personnes", "human trafficking")
    rt = make.roundtable()
    kp = consultations.add_key_point(rt, consultations.KeyPointInput(
        "Les refuges du Nord manquent de places.", "Northern shelters lack beds.", heading_fr="Nord",
        heading_en="North"), None)
    db.session.commit()
    secretariat = make.user("secretariat", password=PASSWORD, email=f"secretariat.kp.{lang}@example.test")
    login_page(page, secretariat.email, PASSWORD, lang)
    page.goto(f"/fr/consultations/tables-rondes/{rt.id}" if lang == "fr" else f"/en/consultations/roundtables/{rt.id}")
    link = page.locator(", ".join(f"a[href*='{new}'][href*='source_type=key_point'][href*='source_id={kp.id}']"
                                for new in ("lessons/new", "lecons/nouveau")))
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(re.compile(rf"/(search/lessons/new|recherche/lecons/nouveau)\?.*source_type=key_point&source_id={kp.id}\b"))
    if lang == "fr":  # written in French only, searched in English
        title, context, query, other = ("Traite de personnes : des places réservées dans les refuges du Nord",
                                        "Les victimes de traite de personnes attendent une place.",
                                        "human trafficking", "en")
        page.fill("#title_fr", title)
        page.fill("#context_fr", context)
    else:  # written in English only, searched in French
        title, context, query, other = ("Human trafficking: reserved beds in northern shelters",
                                        "Victims of human trafficking wait for a bed.", "traite de personnes", "fr")
        page.fill("#title_en", title)
        page.fill("#context_en", context)
    page.select_option("#visibility", "public")
    page.click("form.narrow button[type=submit]")
    expect(page).to_have_url(LESSON_PAGE)
    start = title.split(":")[0].strip()
    expect(page.locator("h1")).to_have_text(re.compile("^" + re.escape(start)))
    _apply()

    from sqlalchemy import select

    from portal.links import Link

    assert db.session.scalar(select(Link).where(Link.source_type == "key_point", Link.source_id == kp.id,
                                                Link.target_type == "lesson")) is not None
    page.goto(f"/{other}/search?q={query}")
    expect(_hits(page, start)).not_to_have_count(0)
