"""Both official languages on every page (issue: nothing in the other language unmarked).

Over the demo data, as a visitor and as each role, in French and in English, crawl one page of each kind
reachable from the home page (ids collapsed: /commitments/12 and /commitments/13 are one kind) and fail on:
- a block of five words or more in the other language that is not inside an element with that `lang`
  (language identified by py3langid, pinned, restricted to French and English);
- a raw key shown as text ("service_provider", "on_track");
- an English acronym on a French page where the organisation has a French one (RCMP for GRC).
Browser-free: the Flask test client and lxml.

Then, over the same demo (loaded once for the module):
- every commitment, lesson, consultation, coalition, strategy, protocol and service page, in both languages,
  as a visitor and as the secretariat (the crawl collapses ids: a record in one language anywhere is caught);
- on French pages, numbers and dates as rendered: "50000" unformatted (5+ digits outside codes and ids),
  "1 décembre" for "1er décembre", "$ 12" or "12.50 $", "17 h 00 min", "1,234";
- as each role, in French, the fragments pages load with htmx (pickers' matches, filters, search) and every
  form of a crawled page sent empty: no English error text (WTForms' own messages included), no raw key.

Part of the default run (about 560 pages: 7 roles x 2 languages x 35 to 86 kinds, then about 360 record
pages, the fragments and the empty forms). CRAWL_REPORT=FILE writes the whole list of problems when it fails. A sign-in that stops at a step (two-step sign-in) would crawl nothing
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
from portal.extensions import db, sqlite_write_intent
from tests.conftest import _clean
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


FR_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_NUMBERS = (
    # 5 digits or more not in a code, an address, an id or a reference (H2X-12345, #12345, /12345, 1.11.12345)
    (re.compile(r"(?<![\w/#.:,=-])\d{5,}(?![\w/.-])"), "an unformatted number"),
    (re.compile(rf"(?<!\d)1[ \u00a0](?:{FR_MONTHS})\b"), "the first of the month without 'er'"),
    (re.compile(r"\$\s?\d[\d,.]*|\d\.\d\d ?\$"), "a dollar amount in the English style"),
    (re.compile(r"\d{1,2} ?h ?\d\d ?min"), "a time with minutes and seconds spelt out"),
    (re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])"), "a thousands separator in the English style"),
)


def _number_problems(doc, lang: str) -> list[str]:
    """Numbers and dates as a French reader sees them (Babel formats them; a raw str(int) does not)."""
    if lang != "fr":
        return []
    found = []
    for text in doc.xpath("//body//text()"):
        parent = text.getparent()
        if parent is None or any(a.tag in SKIP_TAGS for a in (parent, *parent.iterancestors())):
            continue
        if any((a.get("lang") or "fr")[:2] != "fr" for a in (parent, *parent.iterancestors())):
            continue
        for pattern, what in FRENCH_NUMBERS:
            for m in pattern.finditer(text):
                found.append(f"{what} {m.group(0)!r} on a French page: {' '.join(text.split())[:90]!r}")
    return found


def _problems(page: str, lang: str, identifier, english_acronyms: set[str]) -> list[str]:
    doc = lxml_html.fromstring(page)
    found = _number_problems(doc, lang)
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


def walk(client, lang: str, limit: int = MAX_PAGES_PER_ROLE):
    """One page of each kind this client reaches from the home page in `lang`: yields (path, kind, html)."""
    seen_kinds: set[str] = set()
    queue = [f"/{lang}/"]
    while queue and len(seen_kinds) < limit:
        path = queue.pop(0)
        kind = _kind(path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        resp = client.get(path)
        if resp.status_code != 200 or "text/html" not in resp.content_type:
            continue
        page = resp.get_data(as_text=True)
        yield path, kind, page
        queue.extend(p for p in _links(page, path, lang) if _kind(p) not in seen_kinds)


def _crawl(client, lang: str, identifier, english_acronyms, collect: dict | None = None
           ) -> tuple[dict[str, list[str]], int]:
    """The problems by page, and how many pages were read; `collect` gathers the forms and fragments."""
    read = 0
    problems: dict[str, list[str]] = {}
    for path, _kind_of_page, page in walk(client, lang):
        read += 1
        found = _problems(page, lang, identifier, english_acronyms)
        if found:
            problems[path] = found
        if collect is not None:
            _collect(page, path, lang, collect)
    return problems, read


def demo_app():
    from flask import current_app

    return current_app._get_current_object()


def _sign_in(app, role: str | None):
    """A test client signed in as the demo's first account with `role` (as tests/conftest.py login_as)."""
    from portal.auth.models import UserSession, hash_token

    client = app.test_client()
    if role is None:
        return client
    user = db.session.scalar(select(User).join(UserRole).where(
        User.email.like("%@demo.concerto.test"), UserRole.role == role).order_by(User.id).limit(1))
    if twofactor.must_enrol(user):
        turn_on(user)  # as the person would have at their first sign-in (tests/twofactor.py)
    token = UserSession.new_token()
    db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
    db.session.commit()
    with client.session_transaction() as sess:
        sess.clear()
        sess["sid"] = token
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
    return client


@pytest.fixture(scope="module")
def demo(_app):
    """The demo, loaded once for the module's tests (the app fixture would empty the database for each)."""
    intent = sqlite_write_intent.set(False)
    _clean(_app)
    ctx = _app.test_request_context("/en/")
    ctx.push()
    result = _app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    yield _app
    db.session.rollback()
    db.session.remove()
    ctx.pop()
    sqlite_write_intent.reset(intent)
    _clean(_app)


def _english_acronyms() -> set[str]:
    return {o.short_name for o in db.session.scalars(select(Organisation).where(
        Organisation.short_name_fr.is_not(None))) if o.short_name_fr != o.short_name}


def _report(name: str, report: dict[str, list[str]]) -> None:
    lines = [f"{where}: {p}" for where, found in sorted(report.items()) for p in sorted(set(found))]
    if os.environ.get("CRAWL_REPORT"):
        with open(os.environ["CRAWL_REPORT"], "a", encoding="utf-8") as out:
            out.write("".join(f"{name} {line}\n" for line in lines))
    assert not lines, f"{len(lines)} problems:\n" + "\n".join(lines[:200])


def _collect(page: str, path: str, lang: str, into: dict) -> None:
    """The page's forms sent by POST (by kind of action) and the fragments it loads with htmx (by kind)."""
    doc = lxml_html.fromstring(page)
    for form in doc.iter("form"):
        action = urlsplit(urljoin(path, form.get("action") or path)).path
        if (form.get("method") or "get").lower() != "post" or not action.startswith(f"/{lang}/") \
                or SKIP_PATHS.search(action) or FORM_SKIP.search(action):
            continue
        typed = [el for el in form.iter("input", "textarea", "select")
                 if el.get("name") and el.get("type") not in ("hidden", "submit", "button", "checkbox", "radio")]
        if typed:      # a form a person fills in (a lone button has nothing to leave empty)
            into["forms"].setdefault(_kind(action), action)
    for el in doc.xpath("//*[@hx-get]"):
        url = urlsplit(urljoin(path, el.get("hx-get")))
        if url.netloc not in ("", "localhost") or not url.path.startswith(f"/{lang}/"):
            continue
        name = el.get("name") if el.tag == "input" else None
        if el.tag == "form":   # a filter: as loaded, and with the first choice of each of its lists
            chosen = [f"{sel.get('name')}={opt}" for sel in el.iter("select") if sel.get("name")
                      for opt in [v for v in sel.xpath("option/@value") if v][:1]]
            if chosen:
                into["fragments"].setdefault((_kind(url.path), "filtered"), f"{url.path}?{'&'.join(chosen)}")
        for typed in ((["1", "trait"] if name else [""])):
            query = "&".join(q for q in (url.query, f"{name}={typed}" if name else "") if q)
            key = (_kind(url.path), name)
            into["fragments"].setdefault((key, typed), f"{url.path}?{query}" if query else url.path)


# Forms left out of the empty-form pass: signing in and out, and the second factor (they end the session).
FORM_SKIP = re.compile(r"/(connexion|login|logout|deconnexion|deux-etapes|two-step|two-factor|mot-de-passe-oublie|"
                       r"forgot-password|session|langue|language)(/|$)")


@pytest.fixture(scope="module")
def crawled(demo, identifier):
    """The crawl of every role in both languages: its problems, and (in French) the forms and fragments seen."""
    acronyms = _english_acronyms()
    report: dict[str, list[str]] = defaultdict(list)
    seen: dict[str | None, dict] = {}
    for role in ROLES:
        client = _sign_in(demo, role)
        seen[role] = {"forms": {}, "fragments": {}}
        for lang in ("fr", "en"):
            problems, read = _crawl(client, lang, identifier, acronyms if lang == "fr" else set(),
                                    seen[role] if lang == "fr" else None)
            # A sign-in that stops at a step (two-step sign-in, a new password) would crawl nothing and pass.
            assert read >= MIN_PAGES, f"{role or 'visitor'} read only {read} {lang} pages"
            for path, found in problems.items():
                report[f"{role or 'visitor'} {path}"].extend(found)
    return report, seen


def test_every_page_kind_is_in_its_language_or_marked(crawled):
    _report("crawl", crawled[0])


def _record_pages() -> list[str]:
    """Every page of a record a person writes in one language or two, in French and in English."""
    from flask import url_for

    from portal.coalitions.models import Coalition, Protocol, Service, Strategy
    from portal.commitments.models import Commitment
    from portal.consultations.models import Consultation
    from portal.lessons.models import Lesson

    kinds = ((Commitment, "commitments.view", "commitment_id", "id"), (Lesson, "lessons.lesson", "lesson_id", "id"),
             (Consultation, "consultations.view", "slug", "slug"),
             (Coalition, "coalitions.coalition", "coalition_id", "id"),
             (Strategy, "coalitions.strategy", "strategy_id", "id"),
             (Protocol, "coalitions.protocol", "protocol_id", "id"), (Service, "coalitions.service", "service_id", "id"))
    pages = []
    for model, endpoint, arg, attr in kinds:
        keys = list(db.session.scalars(select(getattr(model, attr)).order_by(model.id)))
        assert keys, f"the demo has no {model.__name__}"
        pages += [url_for(endpoint, lang=lang, **{arg: key}) for key in keys for lang in ("fr", "en")]
    return pages


def test_every_record_page_in_both_languages(demo, identifier):
    """The crawl reads one page per kind; a record written in one language may be any of them."""
    acronyms = _english_acronyms()
    pages = _record_pages()
    report: dict[str, list[str]] = defaultdict(list)
    for role in (None, "secretariat"):
        client = _sign_in(demo, role)
        read = 0
        for path in pages:
            resp = client.get(path)
            if resp.status_code != 200:
                continue
            read += 1
            lang = path[1:3]
            found = _problems(resp.get_data(as_text=True), lang, identifier, acronyms if lang == "fr" else set())
            if found:
                report[f"{role or 'visitor'} {path}"].extend(found)
        # The secretariat sees every record, the visitor the public ones: most of them.
        assert read >= (len(pages) if role else len(pages) // 2), f"{role or 'visitor'} read {read} of {len(pages)}"
    _report("records", report)


def _wtforms_english() -> list[str]:
    """WTForms' own English messages ("This field is required.", "Not a valid integer value."), as they would
    show on a page where they are not translated (the text before any %(placeholder)s)."""
    import wtforms
    from babel.messages.pofile import read_po

    po = Path(wtforms.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "wtforms.po"
    with po.open("rb") as f:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id]
    return sorted({i.split("%")[0].strip() for i in ids if len(i.split("%")[0].strip()) >= 12})


ERROR_BLOCKS = "//*[contains(concat(' ', @class, ' '), ' error-message ') or contains(concat(' ', @class, ' '), ' errors ')" \
               " or @role='alert' or contains(concat(' ', @class, ' '), ' error-summary ')]"


def _french_errors(page: str, identifier) -> list[str]:
    """English in the error messages of a French page: WTForms' own, or any message of three words or more."""
    found = [f"WTForms' English message {m!r}" for m in WTFORMS_ENGLISH if m in page]
    doc = lxml_html.fromstring(page)
    for el in doc.xpath(ERROR_BLOCKS):
        if any((a.get("lang") or "fr")[:2] != "fr" for a in (el, *el.iterancestors())):
            continue
        text = " ".join(el.text_content().split())
        if len(re.findall(r"[^\W\d_]{2,}", text)) >= 3:
            guess, prob = identifier.classify(text)
            if guess == "en" and prob > 0.9:
                found.append(f"English error message: {text[:90]!r}")
    return found


WTFORMS_ENGLISH = _wtforms_english()


def test_wtforms_messages_are_known_and_translated_on_french_pages(demo):
    """The list the next test looks for is real, and WTForms answers in French on a French page."""
    from werkzeug.datastructures import MultiDict
    from flask_wtf import FlaskForm
    from wtforms import IntegerField, StringField
    from wtforms.validators import DataRequired

    assert "This field is required." in WTFORMS_ENGLISH and "Not a valid integer value." in WTFORMS_ENGLISH

    class Probe(FlaskForm):
        name = StringField(validators=[DataRequired()])
        count = IntegerField()

    with demo.test_request_context("/fr/"):
        from flask import g
        import flask_babel
        g.lang = "fr"
        flask_babel.refresh()
        form = Probe(MultiDict({"count": "many"}), meta={"csrf": False})
        assert not form.validate()
        shown = " ".join(e for errors in form.errors.values() for e in errors)
    assert not [m for m in WTFORMS_ENGLISH if m in shown] and "Ce champ est requis." in shown, shown


def test_fragments_and_empty_forms_in_french(crawled, identifier):
    """Each role, in French: the fragments the pages load (pickers' matches, filters, search) are French or
    marked; every form of a crawled page sent empty answers with French errors (422) and no raw key."""
    acronyms = _english_acronyms()
    report: dict[str, list[str]] = defaultdict(list)
    sent = errors = 0
    for role in ROLES:
        client = _sign_in(demo_app(), role)
        who = role or "visitor"
        fragments = crawled[1][role]["fragments"]
        for url in sorted(set(fragments.values()) | {"/fr/recherche?q=traite", "/fr/recherche?q=travailleurs"}):
            resp = client.get(url, headers={"HX-Request": "true"})
            if resp.status_code == 200 and "text/html" in resp.content_type:
                page = resp.get_data(as_text=True)
                found = _problems(page, "fr", identifier, acronyms) + _french_errors(page, identifier)
                if found:
                    report[f"{who} fragment {url}"].extend(found)
        for action in sorted(crawled[1][role]["forms"].values()):
            resp = client.post(action, data={})
            sent += 1
            if resp.status_code >= 500:
                report[f"{who} POST {action}"].append(f"answered {resp.status_code}")
            if "text/html" not in resp.content_type or resp.status_code in (301, 302, 303, 404, 405):
                continue
            errors += resp.status_code in (400, 422)
            page = resp.get_data(as_text=True)
            found = _problems(page, "fr", identifier, acronyms) + _french_errors(page, identifier)
            if found:
                report[f"{who} POST {action} ({resp.status_code})"].extend(found)
    assert sent >= 20 and errors >= 10, f"only {sent} forms sent, {errors} refused with errors"
    _report("forms", report)


def test_the_checks_find_what_they_look_for(identifier):
    """The number, date and error checks flag a page that has the faults (a check that cannot fail proves
    nothing), and leave a well-formatted one alone."""
    bad = ("<html lang='fr'><body><p>Budget : 50000 $ au 1 décembre, 17 h 00 min 00 s, $ 12 ou 1,234 personnes</p>"
           "<p class='error-message'>This field is required.</p><p class='error-message'>Please enter your name here.</p>"
           "</body></html>")
    found = _number_problems(lxml_html.fromstring(bad), "fr")
    for what in ("an unformatted number '50000'", "without 'er' '1 décembre'", "English style '$ 12'",
                 "spelt out '17 h 00 min'", "English style '1,234'"):
        assert any(what in f for f in found), (what, found)
    errors = _french_errors(bad, identifier)
    assert any("'This field is required.'" in f for f in errors) and any("Please enter" in f for f in errors)
    good = ("<html lang='fr'><body><p>Budget : 50\u00a0000\u00a0$ au 1er décembre 2026 à 17 h, code H2X-12345, "
            "engagement 1.11.9, <a href='/fr/engagements/12345'>no 12</a></p>"
            "<p class='error-message'>Ce champ est requis.</p></body></html>")
    assert _number_problems(lxml_html.fromstring(good), "fr") == [] and _french_errors(good, identifier) == []
