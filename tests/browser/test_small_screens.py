"""Every kind of page on a phone and a desktop, for every role, in both languages.

The page list comes from the URL map: the role x route walk's rules (tests/<feature>/access.py) give, for every
GET endpoint, the ids to fill in and the roles that may see it; one page per endpoint ("ids collapsed") is
loaded per role, on top of the demo data (realistic names and lengths). Each page is measured at 320, 375 and
1,280 px wide without reloading (the viewport is resized), and the test fails when:

- the page itself scrolls sideways (document.scrollingElement.scrollWidth > innerWidth);
- a box that scrolls sideways inside the page is not a labelled, focusable region (role=region, aria-label,
  tabindex=0), so keyboard and screen-reader users can reach what it hides;
- a page a visitor may see has no quick exit;
- headings skip a level, two search landmarks are unnamed, or a link is named by a bare number.

One browser, one context and one page for the whole walk; page kinds are collapsed across roles (plan_visits):
loaded in both languages the first time, signed in once more when a visitor saw them first, and each role's
own home page.
"""
from __future__ import annotations

import re

import pytest
from flask import url_for
from playwright.sync_api import Error as PlaywrightError, expect

from portal.extensions import db

from ..access import ROLES, VISITOR, Ctx
from ..foundation.test_route_access import _args_of, _collect
from .conftest import _local_only
from tests.twofactor import finish_in_browser

PASSWORD = "a browser test passphrase"
LANGS = ("fr", "en")
WIDTHS = (320, 375, 1280)
WAIT = 30_000  # ms; the machine running the suite may be busy

# Measures the page: its own sideways overflow and every sideways-scrolling box that is not a labelled region.
MEASURE = """() => {
  const doc = document.scrollingElement;
  const boxes = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const s = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(s.overflowX) || s.display === 'none') continue;
    if (el.clientWidth === 0 || el.clientHeight === 0) continue;
    const labelled = el.getAttribute('role') === 'region' && (el.getAttribute('aria-label') ||
      el.getAttribute('aria-labelledby')) && el.getAttribute('tabindex') === '0';
    if (!labelled) boxes.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
      .trim().split(/\\s+/).join('.') : '') + ` (${el.scrollWidth} > ${el.clientWidth})`);
  }
  const wide = [];
  if (doc.scrollWidth > window.innerWidth) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && r.width > 0 && !el.closest('[role=region][tabindex="0"]')) {
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/)
          .join('.') : '') + ` right=${Math.round(r.right)}`);
        if (wide.length > 4) break;
      }
    }
  }
  return {scroll: doc.scrollWidth, inner: window.innerWidth, boxes: boxes.slice(0, 5), wide: wide};
}"""


# Checks a screen reader user would notice, once per page: heading levels that skip (h1 -> h3), more than one
# search landmark without a name, links named by a bare number outside a pagination (nav) or table header.
STRUCTURE = """() => {
  const out = [];
  let last = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
    if (h.closest('[hidden], details:not([open])')) continue;
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) out.push(`heading jumps h${last} -> h${level} ("${h.textContent.trim().slice(0, 40)}")`);
    last = level;
  }
  const searches = [...document.querySelectorAll('[role=search], search')];
  if (searches.length > 1) {
    for (const s of searches) if (!s.getAttribute('aria-label') && !s.getAttribute('aria-labelledby'))
      out.push('search landmark without a name (' + (s.className || s.tagName) + ')');
  }
  for (const a of document.querySelectorAll('main a[href]')) {
    if (a.closest('nav')) continue;
    const name = (a.getAttribute('aria-label') || a.textContent).trim();
    if (/^[0-9 %]+$/.test(name)) out.push(`link named only "${name}" (${a.getAttribute('href')})`);
  }
  return out;
}"""


@pytest.fixture
def world(app, make, tmp_path):
    """The demo data, one account per role (with a password), and the walk's rules built on them."""
    from portal.demo import load_all
    from portal.search.index import _HOLDERS, ensure_index
    from portal.search.writer import apply_outbox

    old = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    ensure_index()
    orgs = {
        "admin": make.org("ADM", "federal"),
        "secretariat": make.org("PS", "federal"),
        "department_lead": make.org("RCMP", "federal"),  # the demo's commitments are partly the RCMP's
        "jurisdiction_editor": make.jurisdiction("ON"),
        "ngo_member": make.org("NGO1", "ngo"),
        "committee_member": make.org("RES1", "research"),
    }
    users = {role: make.user(role, org=orgs[role], password=PASSWORD, email=f"{role}.screens@example.test",
                             lang="en") for role in ROLES}
    rules = _collect(Ctx(users=users, orgs=orgs, make=make))  # the walk's objects first, then the demo's
    _spending_everywhere()
    db.session.commit()
    load_all(lambda line: None)
    db.session.commit()
    apply_outbox()
    yield users, rules
    app.config["CONCERTO_DATA_DIR"] = old
    for holder in list(_HOLDERS.values()):
        holder.close_all()


def _spending_everywhere():
    """Spending with long reasons on every commitment of the walk (the spending page lists them)."""
    from sqlalchemy import select

    from portal.commitments import services
    from portal.commitments.models import Commitment

    for c in db.session.scalars(select(Commitment)):
        for fy, planned, actual in (("2024-2025", "1250000", "980000"), ("2025-2026", "1500000", None)):
            services.save_spending(c, services.SpendingInput(
                fy, planned, actual, "dedicated",
                "Des ateliers reportés à l’exercice suivant faute d’animatrices disponibles dans le Nord"), None)


def _pages_for(app, rules, who):
    """One rule per GET endpoint that `who` may see with a 200 (a page, in every language), the richest query
    first: {endpoint: rule}."""
    chosen = {}
    for r in sorted(rules, key=lambda r: -len(r.query)):
        if r.method != "GET" or 200 not in r.ok or who not in r.allowed or r.endpoint in chosen:
            continue
        if r.ends_session or "lang" not in _args_of(app, r.endpoint):
            continue  # JSON API, health: not pages
        if "." in url_for(r.endpoint, lang="en", **r.args).rsplit("/", 1)[-1]:
            continue  # exports and feeds (.csv, .atom, .ics, .md)
        chosen[r.endpoint] = r
    return chosen


def _url(rule, lang):
    """The page's address in `lang` (url_for: French addresses may differ from English ones)."""
    url = url_for(rule.endpoint, lang=lang, **rule.args)
    return url + (("&" if "?" in url else "?") + rule.query if rule.query else "")


def _sign_in(page, email, lang="en"):
    page.goto("/fr/connexion" if lang == "fr" else "/en/login")
    page.fill("main input[name=email]", email)
    page.fill("main input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    finish_in_browser(page, email)
    expect(page.locator("header form[action$='/logout'], header form[action$='/deconnexion']")).to_have_count(1)


def _cached(route, cache):
    """Static files once per run (the app answers them with no-store to signed-in people)."""
    url = route.request.url
    if url not in cache:
        response = route.fetch()
        cache[url] = (response.status, response.headers.get("content-type", ""), response.body())
    status, content_type, body = cache[url]
    route.fulfill(status=status, content_type=content_type, body=body)


def _check_page(page, path, lang, public, signed_in):
    problems = []
    try:
        response = page.goto(path)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return problems  # an export (CSV, Markdown...): not a page
        raise
    if response is None or not response.headers.get("content-type", "").startswith("text/html"):
        return problems  # a file download or an export
    if response.status != 200:
        return [f"{path}: {response.status}"]
    if page.locator("main").count() == 0:
        return problems  # an htmx fragment (a picker's suggestions): not a page
    if signed_in and page.locator("header form[action$='/logout'], header form[action$='/deconnexion']").count() != 1:
        return [f"{path}: signed out"]
    problems += [f"{path}: {p}" for p in page.evaluate(STRUCTURE)]
    if public and page.locator("[data-quick-exit]").count() == 0:
        problems.append(f"{path}: no quick exit on a page a visitor may see")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        m = page.evaluate(MEASURE)
        if m["scroll"] > m["inner"]:
            problems.append(f"{path} @{width}px: page scrolls sideways ({m['scroll']} > {m['inner']}): "
                            + ", ".join(m["wide"]))
        if m["boxes"]:
            problems.append(f"{path} @{width}px: scrolling box without a labelled region: " + ", ".join(m["boxes"]))
    return problems


# Visitors first (the quick exit is checked on their pages), then the signed-in roles richest first: the
# secretariat's pages carry the most controls, and each later role adds only the kinds of page it alone reaches.
ORDER = (VISITOR, "secretariat", "admin", "department_lead", "jurisdiction_editor", "committee_member", "ngo_member")
# Kinds of page whose content is each person's own work, not the same template with other controls: every role.
PER_ROLE = frozenset({"core.home"})


def plan_visits(app, rules) -> list[tuple[str, str, object, tuple[str, ...]]]:
    """(who, endpoint, rule, languages) for every visit, page kinds collapsed across roles: a kind is loaded in both
    languages the first time, signed in once more (another language) when a visitor saw it first, and again
    only for kinds in PER_ROLE (one language each, alternating)."""
    visits, by_visitor, signed_in = [], set(), {}
    for who in ORDER:
        for n, (endpoint, rule) in enumerate(sorted(_pages_for(app, rules, who).items())):
            if who == VISITOR:
                by_visitor.add(endpoint)
                langs = LANGS
            elif endpoint not in signed_in:
                langs = LANGS if endpoint not in by_visitor else (LANGS[n % 2],)
            elif endpoint in PER_ROLE:
                langs = (LANGS[(n + len(signed_in[endpoint])) % 2],)
            else:
                continue  # the same kind of page, already measured signed in
            if who != VISITOR:
                signed_in.setdefault(endpoint, set()).add(who)
            visits.append((who, endpoint, rule, langs))
    return visits


def _assert_no_kind_is_lost(app, rules, visits):
    """The collapsed walk loses no kind of page: every endpoint some role may see is loaded signed in (and by
    a visitor when a visitor may see it), in both languages overall, and each role's home page is loaded."""
    kinds = {}
    for who in ORDER:
        for endpoint in _pages_for(app, rules, who):
            kinds.setdefault(endpoint, set()).add(who)
    by_endpoint = {}
    for who, endpoint, _rule, langs in visits:
        entry = by_endpoint.setdefault(endpoint, {"who": set(), "langs": set()})
        entry["who"].add(who)
        entry["langs"].update(langs)
    assert set(by_endpoint) == set(kinds)
    for endpoint, roles in kinds.items():
        entry = by_endpoint[endpoint]
        assert entry["langs"] == set(LANGS), endpoint
        assert (VISITOR in roles) == (VISITOR in entry["who"]), endpoint
        if roles - {VISITOR}:
            assert entry["who"] - {VISITOR}, f"{endpoint}: never loaded signed in"
    assert by_endpoint["core.home"]["who"] == set(ORDER)
    loads = sum(len(langs) for *_, langs in visits)
    uncollapsed = sum(len(r) for r in kinds.values()) + len(kinds)   # every role, both languages the first time
    print(f"{len(kinds)} kinds of page, {loads} loads (every role: {uncollapsed})")
    assert loads < uncollapsed, "nothing was collapsed"


def test_no_page_scrolls_sideways_and_public_pages_have_the_quick_exit(app, browser, live_server, world):
    users, rules = world
    visits = plan_visits(app, rules)
    _assert_no_kind_is_lost(app, rules, visits)
    problems: list[str] = []
    seen = 0
    static: dict = {}
    # One context and one page for the whole walk: a new role clears the cookies and signs in; the viewport is
    # resized on the loaded page (_check_page), never a new page per width.
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 800})
    context.set_default_timeout(WAIT)
    _local_only(context, live_server)
    context.route(f"{live_server}/static/**", lambda route: _cached(route, static))
    page = context.new_page()
    current = VISITOR
    try:
        for who, _endpoint, rule, langs in visits:
            if who != current:
                context.clear_cookies()
                _sign_in(page, users[who].email)
                current = who
            for lang in langs:
                path = _url(rule, lang)
                problems += [f"{who:19} {p}" for p in _check_page(page, path, lang, public=who == VISITOR,
                                                                  signed_in=who != VISITOR)]
                seen += 1
    finally:
        context.close()
    assert seen > 100, f"only {seen} pages visited: the rule list is wrong"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems)))


# --- Search on a phone: filters folded, focus and one live region after htmx -------------------------------

from .test_search import corpus, index_dir  # noqa: E402,F401  (fixtures: 14 lessons and a glossary, indexed)


@pytest.mark.parametrize("lang", LANGS)
def test_search_on_a_phone_shows_results_first_and_htmx_keeps_focus_and_announces(page, corpus, lang):
    words = {"fr": ("sensibilisation", "Prévention", "7 résultats", "Filtrer"),
             "en": ("awareness", "Prevention", "7 results", "Filter")}[lang]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/fr/recherche?q={words[0]}" if lang == "fr" else f"/en/search?q={words[0]}")
    expect(page.locator(".hit").first).to_be_visible()
    # The filters are folded behind one "Filter" disclosure: the first result is on the first screen.
    filters = page.locator("details.filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(filters.locator("summary")).to_contain_text(words[3])
    assert page.locator(".hit").first.bounding_box()["y"] < 800, "the first result is below the first screen"
    status = page.locator("#search-status")
    status_handle = status.element_handle()
    # A filter chosen through htmx: focus on the results heading, the same live region announces the count,
    # the title and the heading name the query.
    filters.locator("summary").click()
    page.locator(".facet a", has_text=words[1]).click()
    expect(page).to_have_url(re.compile(r"pillar=prevention"))
    expect(page.locator(".results-count")).to_contain_text(words[2])
    expect(page.locator("#results-heading")).to_be_focused()
    expect(page.locator("#results-heading")).to_contain_text(words[0])
    expect(status).to_have_text(re.compile(words[2]))
    assert page.evaluate("(el) => el.isConnected && document.querySelectorAll('[role=status]').length === 1",
                         status_handle), "the live region was replaced, or another one added"
    expect(page).to_have_title(re.compile(words[0]))
    # Sort and a new query: the title and the heading follow.
    page.fill("#search-q", "jeunes" if lang == "fr" else "youth")
    page.press("#search-q", "Enter")
    expect(page).to_have_title(re.compile("jeunes" if lang == "fr" else "youth"))
    expect(page.locator("#results-heading")).to_contain_text("jeunes" if lang == "fr" else "youth")


def test_search_filters_are_open_on_a_wide_screen_and_without_javascript(page, page_nojs, corpus):
    page.goto("/en/search?q=awareness")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    page_nojs.set_viewport_size({"width": 375, "height": 800})
    page_nojs.goto("/en/search?q=awareness")
    expect(page_nojs.locator("details.filters")).to_have_attribute("open", "")
    page_nojs.locator(".facet a", has_text="Prevention").click()
    expect(page_nojs).to_have_url(re.compile(r"pillar=prevention"))
    expect(page_nojs.locator(".results-count")).to_contain_text("7 results")


# --- The map and the coalitions pages' htmx regions ---------------------------------------------------------

@pytest.fixture
def coalitions_demo(app):
    from portal.coalitions import demo
    from portal.demo import load_organisations

    load_organisations()
    demo.load(lambda line: None)
    db.session.commit()


BOXES = """() => [...document.querySelectorAll('svg.canada-map .labels text')].map(t => {
  const r = t.getBoundingClientRect(); return {code: t.dataset.code, text: t.textContent.trim(),
  x1: r.left, y1: r.top, x2: r.right, y2: r.bottom}; })"""


@pytest.mark.parametrize("lang", LANGS)
def test_map_labels_do_not_overlap_and_name_their_links(page, coalitions_demo, lang):
    page.goto(f"/{lang}/coalitions/")
    boxes = page.evaluate(BOXES)
    assert len(boxes) == 13
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
            assert not overlap, f"{a['text']} overlaps {b['text']}"
    # Labels come after every shape (drawn on top), and each link's name starts with what its label shows.
    assert page.evaluate("""() => { const shapes = [...document.querySelectorAll('svg.canada-map a.region')];
        const first = document.querySelector('svg.canada-map .labels');
        return shapes.every(a => a.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    for box in boxes:
        name = page.locator(f"a.region[data-code={box['code']}]").get_attribute("aria-label")
        assert name.startswith(box["text"] + " "), (name, box["text"])
    # The focused region's outline is drawn on top of its neighbours.
    page.focus("a.region[data-code=NB]")
    ring = page.locator(".focus-rings .focus-ring[data-code=NB]")
    assert page.evaluate("(el) => getComputedStyle(el).stroke", ring.element_handle()) == "rgb(0, 0, 0)"


def test_map_gaps_and_directory_announce_changes_in_one_stable_live_region(page, coalitions_demo):
    cases = [
        ("/en/coalitions/", "#map-status", lambda: page.select_option("#measure", "protocols"),
         "Protocols in force"),
        ("/en/coalitions/gaps", "#gap-status", lambda: page.select_option("#gap-province", "YT"),
         "1 province or territory shown"),
        ("/en/coalitions/services", "#directory-status", lambda: page.select_option("#dir-province", "QC"),
         "services found"),
    ]
    for url, status, change, said in cases:
        page.goto(url)
        region = page.locator(status)
        expect(region).to_have_attribute("role", "status")
        handle = region.element_handle()
        change()
        expect(region).to_contain_text(said)
        assert page.evaluate("(el) => el.isConnected", handle), f"{status} was replaced"
        assert page.locator("main [role=status], main [aria-live]").count() == 1, url


def test_gap_matrix_says_it_scrolls(page, coalitions_demo):
    page.goto("/en/coalitions/gaps")
    region = page.locator(".gap-wrap")
    expect(region).to_have_attribute("role", "region")
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", region.element_handle()), \
        "the matrix fits: the test no longer shows the cue it is about"
    expect(page.locator("#gap-scroll-hint")).to_be_visible()
    expect(region).to_have_attribute("aria-describedby", "gap-scroll-hint")
