"""The quick exit is on every page a visitor can reach, in both languages, not only on the consultation
pages: a survivor may land first on the home page, search, lessons or the services directory."""
from __future__ import annotations

import pytest
from flask import url_for

LANGS = ["fr", "en"]
NOT_PAGES = (".csv", ".atom", ".ics", "/quick-exit", "/sortie-rapide")


def _public_page_paths(app, lang):
    """Every page route that needs nothing but the language (feeds, exports and the exit itself aside)."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or set(rule.arguments) != {"lang"} or rule.defaults.get("lang") != lang:
            continue
        path = rule.rule  # /en/search/lessons, /fr/recherche/lecons (portal/addresses.py)
        if path.startswith("/api/") or path.endswith(NOT_PAGES):
            continue
        paths.append(path)
    return sorted(paths)


@pytest.mark.parametrize("lang", LANGS)
def test_every_public_page_has_the_quick_exit(app, client, lang):
    seen = 0
    for path in _public_page_paths(app, lang):
        r = client.get(path)
        if r.status_code != 200 or not r.mimetype == "text/html":
            continue  # signed-in pages send the visitor to the sign-in page, which is checked itself
        html = r.get_data(as_text=True)
        if "<html" not in html:
            continue  # a fragment for htmx (a picker's suggestions), not a page
        seen += 1
        assert html.count("data-quick-exit") == 1, f"{path} has no quick exit (or two)"
        assert ('href="/fr/sortie-rapide"' if lang == "fr" else 'href="/en/quick-exit"') in html, path
    for must in ("core.home", "search.index", "lessons.index", "consultations.index", "coalitions.directory",
                 "auth.login"):
        assert url_for(must, lang=lang) in _public_page_paths(app, lang), must
    assert seen >= 10, f"only {seen} public pages answered"


@pytest.mark.parametrize("lang", LANGS)
def test_error_pages_have_the_quick_exit(client, lang):
    r = client.get(f"/{lang}/no-such-page")
    assert r.status_code == 404
    assert "data-quick-exit" in r.get_data(as_text=True)


def test_record_pages_have_the_quick_exit(client, make):
    c = make.consultation()
    for path in (f"/fr/consultations/{c.slug}", f"/en/consultations/{c.slug}/respond"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.get_data(as_text=True).count("data-quick-exit") == 1, path
