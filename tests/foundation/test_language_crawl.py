"""Both official languages on every page (issue: nothing in the other language unmarked).

Over the demo data, as a visitor and as each role, in French and in English, crawl one page of each kind
reachable from the home page (ids collapsed: /commitments/12 and /commitments/13 are one kind) and fail on:
- a block of five words or more in the other language that is not inside an element with that `lang`
  (language identified by py3langid, pinned, restricted to French and English);
- a raw key shown as text ("service_provider", "on_track");
- an English acronym on a French page where the organisation has a French one (RCMP for GRC).
Browser-free: the Flask test client and lxml.

Part of the default run (about 560 pages: 7 roles x 2 languages x 35 to 86 kinds). CRAWL_REPORT=FILE writes
the whole list of problems when it fails. A sign-in that stops at a step (two-step sign-in) would crawl nothing
and pass: the test turns the second factor on as a person would have at first sign-in, and fails when a role
reads fewer than MIN_PAGES pages.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from portal.auth.models import Organisation, User
from portal.auth.models.user import UserRole
from portal.auth.services import twofactor
from portal.extensions import db
from tests.twofactor import turn_on

ROLES = (None, "ngo_member", "department_lead", "jurisdiction_editor", "committee_member", "secretariat", "admin")
MAX_PAGES_PER_ROLE = 90
MIN_PAGES = 20    # the visitor alone reaches about 35 kinds of page
MIN_WORDS = 5
# Elements whose text is not prose of the page: code, addresses, the language toggle (it carries its own lang).
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "select", "option", "svg", "noscript",
             "template"}
BLOCKS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
          "caption", "label", "legend", "summary", "button", "a"}
ADDRESS = re.compile(r"\S+@\S+\.\w+|https?://\S+")
RAW_KEY = re.compile(r"(?<![\w@/.-])[a-z]+(?:_[a-z]+)+(?![\w@/.-])")
# Addresses that change state or are not pages (sign-out, downloads, feeds, exports, the exit page).
SKIP_PATHS = re.compile(r"/(logout|deconnexion|quick-exit|sortie-rapide|api/|static/|feeds?/|fils/|calendar|calendrier|"
                        r".*\.(csv|xlsx|ics|xml|json|jsonld|zip|pdf|docx|odt|txt)$)|/files?/|/attachments?/|"
                        r"/pieces-jointes/|/download|/unsubscribe|/desabonnement|/export")


def _kind(path: str) -> str:
    """/fr/engagements/12/mises-a-jour/3 -> /fr/engagements/#/mises-a-jour/#"""
    path = re.sub(r"/\d{4}-\d{4}(?=/|$)", "/fy", path)     # a plan's yearly report: one kind for every year
    return re.sub(r"/\d+(?=/|$)", "/#", re.sub(r"/[A-Z][A-Z0-9-]+\d*(?=/|$)", "/CODE", path))


@pytest.fixture(scope="module")
def identifier():
    import py3langid

    ident = py3langid.langid.LanguageIdentifier.from_pickled_model(py3langid.langid.MODEL_FILE, norm_probs=True)
    ident.set_languages(["fr", "en"])
    return ident


def _effective_lang(el, page_lang: str) -> str:
    for node in el.iterancestors():
        if node.get("lang"):
            return node.get("lang")[:2]
    return el.get("lang", page_lang)[:2] if el.get("lang") else page_lang


def _own_text(el) -> str:
    """The block's text without nested blocks that are checked on their own."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in BLOCKS or child.tag in SKIP_TAGS or not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.get("lang"):          # marked: its own language, not the block's
            parts.append(child.tail or "")
            continue
        parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join(p for p in parts if p)


def _problems(page: str, lang: str, identifier, english_acronyms: set[str]) -> list[str]:
    doc = lxml_html.fromstring(page)
    found = []
    for el in doc.iter(*BLOCKS):
        if any(a.tag in SKIP_TAGS for a in el.iterancestors()) or el.get("aria-hidden") == "true":
            continue
        text = re.sub(r"\s+", " ", _own_text(el)).strip()
        if not text:
            continue
        here = el.get("lang", "")[:2] or _effective_lang(el, lang)
        for key in RAW_KEY.findall(text):
            found.append(f"raw key {key!r} in <{el.tag}>: {text[:90]!r}")
        if here == "fr" and english_acronyms:
            for word in re.findall(r"\b[A-Z]{2,}\b", text):
                if word in english_acronyms:
                    found.append(f"English acronym {word} on a French page: {text[:90]!r}")
        # An e-mail or web address is an identifier, not prose: its words say nothing of the block's language.
        words = re.findall(r"[^\W\d_]{2,}", ADDRESS.sub(" ", text))
        # Names (places, organisations, people) say nothing of a language: the small words do.
        if len(words) < MIN_WORDS or sum(w[0].islower() for w in words) < 4:
            continue
        guess, prob = identifier.classify(ADDRESS.sub(" ", text))
        if guess != here and prob > 0.98:
            found.append(f"{guess} text in a {here} block <{el.tag}>: {text[:90]!r}")
    return found


def _links(page: str, base: str, lang: str) -> list[str]:
    doc = lxml_html.fromstring(page)
    out = []
    for href in doc.xpath("//a/@href"):
        parts = urlsplit(urljoin(base, href))
        if parts.netloc not in ("", "localhost"):     # another site (open.canada.ca/en/...): not ours to crawl
            continue
        path = parts.path
        if path.startswith(f"/{lang}/") and not SKIP_PATHS.search(path):
            out.append(path)
    return out


def _crawl(client, lang: str, identifier, english_acronyms) -> tuple[dict[str, list[str]], int]:
    """The problems by page, and how many pages were read."""
    seen_kinds: set[str] = set()
    read = 0
    queue = [f"/{lang}/"]
    problems: dict[str, list[str]] = {}
    while queue and len(seen_kinds) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        kind = _kind(path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        resp = client.get(path)
        if resp.status_code != 200 or "text/html" not in resp.content_type:
            continue
        page = resp.get_data(as_text=True)
        read += 1
        found = _problems(page, lang, identifier, english_acronyms)
        if found:
            problems[path] = found
        queue.extend(p for p in _links(page, path, lang) if _kind(p) not in seen_kinds)
    return problems, read


def test_every_page_kind_is_in_its_language_or_marked(app, login_as, identifier):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    acronyms = {o.short_name for o in db.session.scalars(select(Organisation).where(
        Organisation.short_name_fr.is_not(None))) if o.short_name_fr != o.short_name}
    report: dict[str, list[str]] = defaultdict(list)
    for role in ROLES:
        client = app.test_client()
        if role:
            user = db.session.scalar(select(User).join(UserRole).where(
                User.email.like("%@demo.concerto.test"), UserRole.role == role).limit(1))
            if twofactor.must_enrol(user):
                turn_on(user)  # as the person would have at their first sign-in (tests/twofactor.py)
            login_as(user, client)
        for lang in ("fr", "en"):
            problems, read = _crawl(client, lang, identifier, acronyms if lang == "fr" else set())
            # A sign-in that stops at a step (two-step sign-in, a new password) would crawl nothing and pass.
            assert read >= MIN_PAGES, f"{role or 'visitor'} read only {read} {lang} pages"
            for path, found in problems.items():
                report[f"{role or 'visitor'} {path}"].extend(found)
    lines = [f"{where}: {p}" for where, found in sorted(report.items()) for p in sorted(set(found))]
    if os.environ.get("CRAWL_REPORT"):
        Path(os.environ["CRAWL_REPORT"]).write_text("\n".join(lines), encoding="utf-8")
    assert not lines, f"{len(lines)} problems:\n" + "\n".join(lines[:200])
