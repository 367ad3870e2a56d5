"""French pages have French addresses (/fr/engagements/12 beside /en/commitments/12; portal/addresses.py):
the former French addresses answer 301, the language toggle maps each page to its counterpart, and every
link, form and htmx address on a French page is a French one."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from flask import current_app, url_for
from lxml import html as lxml_html
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from portal import addresses, features
from portal.auth.models import User
from portal.auth.models.user import UserRole
from portal.extensions import db
from tests.twofactor import turn_on

LINK_ATTRS = ("href", "action", "hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch", "formaction")


def _toggle_href(html: str, lang: str) -> str:
    m = re.search(rf'<a href="([^"]+)" lang="{lang}" hreflang="{lang}"', html)
    assert m, "no language toggle"
    return m.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("old, new", [
    ("/fr/privacy", "/fr/confidentialite"),
    ("/fr/commitments/", "/fr/engagements/"),
    ("/fr/commitments/12?tab=updates&x=%C3%A9", "/fr/engagements/12?tab=updates&x=%C3%A9"),
    ("/fr/search/lessons?q=travail+forc%C3%A9", "/fr/recherche/lecons?q=travail+forc%C3%A9"),
    ("/fr/consultations/some-slug/what-we-heard", "/fr/consultations/some-slug/ce-que-nous-avons-entendu"),
    ("/fr/follows/feeds/plans/NAP-2024.atom", "/fr/suivis/fils/plans/NAP-2024.atom"),
])
def test_a_former_french_address_moves_permanently_with_its_query(client, old, new):
    for method in (client.get, client.head):
        resp = method(old)
        assert resp.status_code == 301
        assert resp.location == new


def test_a_form_sent_to_a_former_french_address_keeps_its_method_and_data(client):
    resp = client.post("/fr/login?next=/fr/compte", data={"email": "a@example.test"})
    assert resp.status_code == 307 and resp.location == "/fr/connexion?next=/fr/compte"


def test_english_addresses_are_unchanged_and_not_mixed_up(client):
    assert client.get("/en/privacy").status_code == 200
    assert client.get("/en/commitments/").status_code == 200
    assert client.get("/en/search/lessons").status_code == 200
    assert client.get("/en/confidentialite").status_code == 404
    assert client.get("/en/engagements/").status_code == 404
    assert client.get("/fr/confidentialite").status_code == 200
    assert '<html lang="fr">' in client.get("/fr/engagements/").get_data(as_text=True)
    assert client.get("/api/v1/health").status_code == 200  # the API keeps its address


def test_url_for_builds_the_french_address_for_french_and_emails(app):
    assert url_for("core.privacy", lang="fr") == "/fr/confidentialite"
    assert url_for("core.privacy", lang="en") == "/en/privacy"
    assert url_for("commitments.update_edit", update_id=7, lang="fr", _external=True).endswith(
        "/fr/engagements/mises-a-jour/7/modifier")
    assert url_for("lessons.index", lang="fr", q="travail") == "/fr/recherche/lecons?q=travail"
    assert url_for("commitments_api.api_plans", lang="fr") == "/api/v1/plans?lang=fr"
    with app.test_request_context("/fr/engagements/"):
        current_app.preprocess_request()
        assert url_for("coalitions.gaps") == "/fr/coalitions/lacunes"  # the page's language by default


@pytest.mark.parametrize("english, french", [
    ("/en/search/lessons?q=forced+labour&page=2", "/fr/recherche/lecons?q=forced+labour&page=2"),
    ("/en/privacy", "/fr/confidentialite"),
    ("/en/coalitions/gaps", "/fr/coalitions/lacunes"),
])
def test_the_language_toggle_maps_each_page_to_its_counterpart_both_ways(client, english, french):
    assert _toggle_href(client.get(english).get_data(as_text=True), "fr") == french
    assert _toggle_href(client.get(french).get_data(as_text=True), "en") == english


def test_every_word_of_every_page_address_has_its_french(app):
    """A new route's words go in its feature's FR_PATHS (portal/<feature>/blueprint.py), or COMMON."""
    tables = {}
    for feature in features.present():
        module = features.module(feature, "blueprint")
        bp = getattr(module, "bp", None)
        if bp is not None:
            tables[bp.name] = {**addresses.COMMON, **getattr(module, "FR_PATHS", {})}
    missing = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/en/") and rule.endpoint.split(".")[0] in tables:
            for word in addresses.untranslated(rule.rule[3:], tables[rule.endpoint.split(".")[0]]):
                missing.add(f"{rule.endpoint.split('.')[0]}: {word!r} ({rule.rule})")
    assert not missing, "words without a French in FR_PATHS:\n" + "\n".join(sorted(missing))


def test_two_pages_never_share_a_french_address(app):
    french = [r.rule for r in app.url_map.iter_rules() if (r.defaults or {}).get("lang") == "fr"]
    assert len(french) == len(set(french)) > 100


def _local_addresses(page: str, base: str):
    doc = lxml_html.fromstring(page)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in LINK_ATTRS:
            value = el.get(attr)
            if value is None or value.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            parts = urlsplit(urljoin(base, value))
            if parts.netloc not in ("", "localhost"):
                continue
            yield el, attr, parts.path


def _wrong_language(app, page: str, base: str, lang: str) -> list[str]:
    """Local addresses on a page of `lang` that lead to the other language or to a former address."""
    adapter = app.url_map.bind("localhost")
    wrong = []
    for el, attr, path in _local_addresses(page, base):
        if path.startswith(("/static/", "/api/")) or path == "/":
            continue
        if el.get("hreflang") and el.get("hreflang") != lang:  # the language toggle
            continue
        try:
            endpoint, values = adapter.match(path, method="POST" if attr in ("action", "hx-post") else "GET")
        except HTTPException as exc:
            if getattr(exc, "code", None) in (405, 308):
                continue
            wrong.append(f"{attr}={path} (no such page)")
            continue
        if endpoint == addresses.FORMER_FRENCH or values.get("lang") not in (None, lang):
            wrong.append(f"{attr}={path}")
    return wrong


def _crawl(app, client, lang: str, limit: int = 40) -> dict[str, list[str]]:
    queue, seen, problems = [f"/{lang}/"], set(), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        kind = re.sub(r"/\d+(?=/|$)", "/#", path)
        if kind in seen:
            continue
        seen.add(kind)
        resp = client.get(path)
        if resp.status_code != 200 or "text/html" not in resp.content_type:
            continue
        page = resp.get_data(as_text=True)
        found = _wrong_language(app, page, path, lang)
        if found:
            problems[path] = found
        for el, attr, link in _local_addresses(page, path):
            if attr == "href" and el.tag == "a" and link.startswith(f"/{lang}/") and not re.search(
                    r"sortie-rapide|quick-exit|\.(csv|xlsx|ics|atom|jsonld|jsonl|zip)$|/(preuves|evidence|"
                    r"pieces-jointes|attachments)/", link):
                queue.append(link)
    assert len(seen) > 10, "the crawl reached too few pages"
    return problems


def test_every_link_on_the_demo_pages_is_in_the_page_language(app, login_as):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    lead = db.session.scalar(select(User).join(UserRole).where(
        User.email.like("%@demo.concerto.test"), UserRole.role == "secretariat").limit(1))
    turn_on(lead)
    report = {}
    for who, client in (("visitor", app.test_client()), ("secretariat", login_as(lead, app.test_client()))):
        for lang in ("fr", "en"):
            for path, found in _crawl(app, client, lang).items():
                report[f"{who} {path}"] = found
    assert not report, "\n".join(f"{where}: {', '.join(found)}" for where, found in sorted(report.items()))
