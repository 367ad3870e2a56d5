"""axe-core on one page of every kind, in both languages, in a real browser (issues 11/9: WCAG 2.1 AA, no
serious or critical violation anywhere, not only on the pages a feature's own tests picked).

Over the demo data, the Flask test client finds the pages as tests/foundation/test_language_crawl.py does (its
discovery, reused: one page per kind reachable from the home page, ids collapsed), as a visitor, as the
secretariat and as a department lead. Chromium then visits them against the live server, one browser context
per role (signed in with the session the test client made), and runs axe (WCAG 2.1 A/AA tags, as the
`axe_check` fixture) once per page. No screenshots.

To stay within `make test`'s budget, each kind is read once in French and once in English, alternating across
the roles: the first role that reaches it (in the order of ROLES) reads it in French, the second in English; a
kind only one role reaches is read by that role in both languages; a third role reads only what the first two
did not. About 190 pages; on the 2-core machine the whole test took 96 s at load 3.5 (81 s in the browser),
135-145 s at load 9-10, 225 s at load 13-14; about 45 s of CPU. axe is parsed by chromium at each page (an init
script), the browser's cache stays on (no request interception), no screenshots.

Then, for the secretariat in French: the pages no link reaches (PAGES_BY_ADDRESS), the forms among the newest
pages sent empty (axe on the form shown again with its errors; the test fails if no error shows) and the
"Are you sure?" page before a deletion. A canary (an unlabelled field added to the first page) proves axe reports.

Fails naming the role, the page and the rule. AXE_CRAWL_REPORT=FILE writes the pages read and the time taken.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import current_app
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.models.user import UserRole
from portal.auth.services import twofactor
from portal.extensions import db
from tests.foundation.test_language_crawl import SKIP_PATHS, walk
from tests.paths import at
from tests.twofactor import turn_on

ROLES = (None, "secretariat", "department_lead")
MAX_KINDS_PER_ROLE = 90
MIN_KINDS = 20        # the visitor alone reaches about 35 kinds of page
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Pages no link reaches (a form's own page, shown when its POST fails), read by the secretariat in both languages.
PAGES_BY_ADDRESS = ("/en/account/email-language",)
# Forms sent empty by the secretariat in French: (the kind of page, the form).
EMPTY_FORMS = (
    ("/en/login/forgot", "main form"),               # found by the visitor
    ("/en/account", "main form:not(.inline-form)"),  # the password change, on the page that lists the sessions
    ("/en/search/glossary", "main form.narrow"),
    ("/en/search/glossary/#/edit", "main form.narrow"),
    ("/en/search/lessons/new", "main form:not(.inline-form)"),
    ("/en/commitments/plans/new", "main form:not(.inline-form)"),
    ("/en/coalitions/new/service", "main form:not(.inline-form)"),
    ("/en/consultations/new", "main form:not(.inline-form)"),
)


def _discover(client) -> dict[str, str]:
    """One English page per kind this client reaches from the home page: {kind: path}."""
    return {kind: path for path, kind, _page in walk(client, "en", MAX_KINDS_PER_ROLE)}


def _plan(reached: dict[str | None, dict[str, str]]) -> dict[str | None, list[str]]:
    """The addresses each role reads: every kind once in French and once in English (module docstring)."""
    plan: dict[str | None, list[str]] = {role: [] for role in reached}
    for kind in sorted({kind for pages in reached.values() for kind in pages}):
        roles = [role for role in ROLES if kind in reached[role]]
        readers = [(roles[0], "fr"), (roles[-1] if len(roles) == 1 else roles[1], "en")]
        for role, lang in readers:
            path = at(lang, reached[role][kind])
            if path and not SKIP_PATHS.search(path):
                plan[role].append(path)
    return plan


def _signedat(app, login_as, role):
    """A test client for the role and its session cookie (None for a visitor)."""
    client = app.test_client()
    if role is None:
        return client, None
    user = db.session.scalar(select(User).join(UserRole).where(
        User.email.like("%@demo.concerto.test"), UserRole.role == role).order_by(User.id).limit(1))
    assert user is not None, f"no demo {role}"
    if twofactor.must_enrol(user):
        turn_on(user)  # as the person would have at their first sign-in (tests/twofactor.py)
    login_as(user, client)
    return client, client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _context(browser, live_server, cookie, axe_source: str):
    # Nothing leaves the machine, as in conftest.py, but without intercepting every request (interception turns
    # the browser's cache off and sends each request through here: a third of the time): any other host goes to
    # a proxy on a closed local port and fails; the live server (127.0.0.1) is the one host that bypasses it.
    context = browser.new_context(bypass_csp=True, base_url=live_server, viewport={"width": 1280, "height": 900},
                                  proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"})
    context.set_default_timeout(15_000)
    context.add_init_script(script=axe_source)  # parsed by chromium at each page, never sent again from here
    if cookie:
        context.add_cookies([{"name": current_app.config["SESSION_COOKIE_NAME"], "value": cookie,
                              "url": live_server}])
    return context


def _axe(pg) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    result = pg.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _send_empty(pg, path: str, form: str) -> str | None:
    """Open the form at `path`, empty its text fields, send it; None once its errors show, else what went wrong."""
    pg.goto(path)
    target = pg.locator(form).first
    if target.count() == 0:
        return f"no {form} on the page"
    target.evaluate("f => f.querySelectorAll('input:not([type]), input[type=text], input[type=email], "
                    "input[type=url], input[type=number], input[type=date], input[type=password], textarea')"
                    ".forEach(e => { e.value = ''; })")
    target.locator("button[type=submit]").first.click()
    pg.wait_for_load_state()
    if pg.locator(".error-summary").count() == 0:
        return "sent empty, it showed no errors"
    return None


def _canary(pg) -> None:
    """axe finds what it must: an unlabelled field added to the page is a critical violation."""
    pg.evaluate("() => { const i = document.createElement('input'); i.id = 'axe-canary'; "
                "document.querySelector('main').append(i); }")
    found = _axe(pg)
    pg.evaluate("() => document.getElementById('axe-canary').remove()")
    assert any(v.startswith("label (critical)") for v in found), f"axe missed an unlabelled field: {found}"


def _nothing_leaves(context) -> None:
    """Another host is not reached: the request goes to the closed local proxy (a .invalid name is never looked
    up: the proxy would have to)."""
    probe = context.new_page()  # its error page would otherwise interrupt the next visit
    try:
        probe.goto("http://concerto-elsewhere.invalid/")
    except PlaywrightError as error:
        assert "ERR_PROXY_CONNECTION_FAILED" in str(error), error
    else:
        pytest.fail("a page on another host loaded")
    finally:
        probe.close()


def test_every_page_kind_passes_axe_in_both_languages(app, browser, live_server, login_as):
    from tests.browser.conftest import AXE

    started = time.monotonic()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    reached, cookies = {}, {}
    for role in ROLES:
        client, cookies[role] = _signedat(app, login_as, role)
        reached[role] = _discover(client)
        assert len(reached[role]) >= MIN_KINDS, f"{role or 'visitor'} reached only {len(reached[role])} kinds"
    plan = _plan(reached)
    discovered = time.monotonic()

    source = AXE.read_text(encoding="utf-8")
    problems: list[str] = []
    read: list[str] = []
    for role in ROLES:
        who = role or "visitor"
        context = _context(browser, live_server, cookies[role], source)
        if role == ROLES[0]:
            _nothing_leaves(context)
        pg = context.new_page()
        for path in plan[role]:
            response = pg.goto(path)
            if response is None or response.status != 200:
                problems.append(f"{who} {path}: HTTP {response.status if response else '?'} in the browser")
                continue
            if urlsplit(pg.url).path != path:
                problems.append(f"{who} {path}: sent to {pg.url} (not signed in?)")
                continue
            if not read:
                _canary(pg)
            read.append(f"{who} {path}")
            problems.extend(f"{who} {path}: {v}" for v in _axe(pg))
        if role == "secretariat":
            for english in PAGES_BY_ADDRESS:
                for lang in ("fr", "en"):
                    path = at(lang, english)
                    pg.goto(path)
                    read.append(f"secretariat {path}")
                    problems.extend(f"secretariat {path}: {v}" for v in _axe(pg))
            # the forms shown again with their errors, in French
            for kind, form in EMPTY_FORMS:
                english = next((pages[kind] for pages in reached.values() if kind in pages), None)
                if english is None:
                    problems.append(f"no one reached {kind}")
                    continue
                path = at("fr", english)
                failed = _send_empty(pg, path, form)
                if failed:
                    problems.append(f"secretariat {path} ({form}): {failed}")
                    continue
                read.append(f"secretariat {path} sent empty")
                problems.extend(f"secretariat {path} sent empty: {v}" for v in _axe(pg))
            # the "Are you sure?" page (confirm.html), before a deletion
            path = at("fr", "/en/search/glossary")
            pg.goto(path)
            pg.locator("main form.inline-form button[type=submit]").first.click()
            pg.wait_for_load_state()
            if pg.locator("main form button[name=confirmed], main input[name=confirmed]").count() == 0:
                problems.append(f"secretariat {path}: Delete asked nothing")
            else:
                read.append(f"secretariat {path} delete: are you sure?")
                problems.extend(f"secretariat {path} are you sure?: {v}" for v in _axe(pg))
        context.close()
    finished = time.monotonic()
    kinds = ", ".join(f"{role or 'visitor'} {len(pages)}" for role, pages in reached.items())
    summary = (f"demo and discovery {discovered - started:.1f}s (kinds reached: {kinds}), "
               f"browser {finished - discovered:.1f}s for {len(read)} pages")
    if os.environ.get("AXE_CRAWL_REPORT"):
        Path(os.environ["AXE_CRAWL_REPORT"]).write_text(
            summary + "\n" + "\n".join(read) + "\n\n" + "\n".join(problems), encoding="utf-8")
    assert not problems, f"{len(problems)} problems ({summary}):\n" + "\n".join(problems)
