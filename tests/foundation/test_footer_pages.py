"""Every page's footer gives the hotline (a tel: link), the secretariat's contact (from the configuration)
and links to the privacy notice, the accessibility statement and the terms of use, in both languages."""
from __future__ import annotations

import pytest
from tests.paths import at


@pytest.mark.parametrize("lang, hotline, a11y, terms", [
    ("fr", "Ligne d'urgence canadienne contre la traite des personnes", "Accessibilité", "Conditions d'utilisation"),
    ("en", "Canadian Human Trafficking Hotline", "Accessibility", "Terms of use"),
])
def test_the_footer_has_the_hotline_contact_and_the_site_pages(app, client, lang, hotline, a11y, terms):
    for path in ("/", "/search/lessons", "/no-such-page"):
        footer = client.get(at(lang, path)).get_data(as_text=True).split("<footer", 1)[1]
        assert hotline.replace("'", "&#39;") in footer or hotline in footer
        assert '<a class="footer-phone" href="tel:+18339001010">1-833-900-1010</a>' in footer
        assert f'href="mailto:{app.config["CONTACT_EMAIL"]}"' in footer
        assert (f'href="/fr/accessibilite">{a11y}</a>' if lang == "fr" else f'href="/en/accessibility">{a11y}</a>') in footer
        assert (f'href="/fr/avis">{terms}</a>' if lang == "fr" else f'href="/en/terms">{terms}</a>').replace("'", "&#39;") in footer or \
            (f'href="/fr/avis">{terms}</a>' if lang == "fr" else f'href="/en/terms">{terms}</a>') in footer
        assert ('href="/fr/confidentialite"' if lang == "fr" else 'href="/en/privacy"') in footer


def test_the_contact_address_comes_from_the_configuration(app, client):
    old = app.config["CONTACT_EMAIL"]
    app.config["CONTACT_EMAIL"] = "secretariat@example.test"
    try:
        for path in ("/en/", "/fr/accessibilite", "/en/terms"):
            assert 'href="mailto:secretariat@example.test"' in client.get(path).get_data(as_text=True)
    finally:
        app.config["CONTACT_EMAIL"] = old


@pytest.mark.parametrize("lang, texts", [
    ("fr", ["Énoncé sur l'accessibilité", "WCAG) 2.1, niveau AA", "Limites connues", "Signaler un problème"]),
    ("en", ["Accessibility statement", "WCAG) 2.1, level AA", "Known limitations", "Report a problem"]),
])
def test_the_accessibility_statement(client, lang, texts):
    resp = client.get("/fr/accessibilite" if lang == "fr" else "/en/accessibility")
    html = resp.get_data(as_text=True).replace("&#39;", "'")
    assert resp.status_code == 200
    for text in texts:
        assert text in html, text


@pytest.mark.parametrize("lang, texts", [
    ("fr", ["Conditions d'utilisation", "Licence du gouvernement ouvert – Canada", "Le secrétariat lit toutes",
            f'href="/fr/confidentialite"'],),
    ("en", ["Terms of use", "Open Government Licence – Canada", "The secretariat reads all input",
            f'href="/en/privacy"'],),
])
def test_the_terms_of_use(client, lang, texts):
    resp = client.get("/fr/avis" if lang == "fr" else "/en/terms")
    html = resp.get_data(as_text=True).replace("&#39;", "'")
    assert resp.status_code == 200
    for text in texts:
        assert text in html, text
