"""Languages: every page under /fr and /en, complete French catalogues, fr_CA / en_CA formats."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from portal import i18n
from portal.i18n import format_date, format_money, format_number, localized

PORTAL = Path(__file__).resolve().parents[2] / "portal"
CATALOGUES = sorted(PORTAL.glob("**/fr/LC_MESSAGES/messages.po"))


def test_there_is_a_foundation_catalogue():
    assert PORTAL / "translations/fr/LC_MESSAGES/messages.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PORTAL)))
def test_every_french_entry_is_translated_and_not_fuzzy(po):
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, f"{po}:\n" + "\n".join(problems)


def test_french_strings_render(client):
    """A missing .mo silently falls back to English: the French page must really be French."""
    html = client.get("/fr/connexion").get_data(as_text=True)
    assert "Se connecter" in html or "Connexion" in html
    assert "Sign in" not in html.replace('lang="en"', "")
    html = client.get("/fr/").get_data(as_text=True)
    assert "Skip to main content" not in html
    assert "Passer au contenu principal" in html


def test_english_strings_render(client):
    html = client.get("/en/login").get_data(as_text=True)
    assert "Sign in" in html and "Se connecter" not in html


def test_html_lang_attribute(client):
    assert '<html lang="fr">' in client.get("/fr/confidentialite").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/en/privacy").get_data(as_text=True)


def test_root_picks_language_by_cookie_then_accept_language(app):
    c = app.test_client()
    r = c.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert r.status_code == 302 and r.location.endswith("/fr/")
    r = c.get("/", headers={"Accept-Language": "en-CA,en;q=0.9"})
    assert r.location.endswith("/en/")
    r = c.get("/", headers={"Accept-Language": "de-DE"})
    assert r.location.endswith("/en/")  # neither language: English default
    # A visit to a French page sets the cookie, which then wins over Accept-Language.
    c.get("/fr/confidentialite")
    r = c.get("/", headers={"Accept-Language": "en-CA,en;q=0.9"})
    assert r.location.endswith("/fr/")
    c.get("/en/privacy")
    r = c.get("/", headers={"Accept-Language": "fr-CA"})
    assert r.location.endswith("/en/")


def _toggle_href(html: str, lang: str) -> str:
    import re

    m = re.search(rf'<a href="([^"]+)" lang="{lang}" hreflang="{lang}"', html)
    assert m, "no language toggle"
    return m.group(1).replace("&amp;", "&")


def test_language_toggle_leads_to_the_same_page_with_its_query(client, make, login_as):
    admin = make.user("admin")
    login_as(admin)
    html = client.get("/en/admin/audit?action=user&page=1").get_data(as_text=True)
    href = _toggle_href(html, "fr")
    assert href.startswith("/fr/admin/journal?")
    assert "action=user" in href and "page=1" in href
    html = client.get(href).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert _toggle_href(html, "en").startswith("/en/admin/audit?")
    # A page with an argument in its path keeps it.
    html = client.get(f"/fr/admin/utilisateurs/{admin.id}").get_data(as_text=True)
    assert _toggle_href(html, "en") == f"/en/admin/users/{admin.id}"


def test_toggle_on_an_error_page_stays_on_the_address(client):
    r = client.get("/fr/no-such-page?x=1")
    assert r.status_code == 404
    html = r.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Page introuvable" in html
    assert _toggle_href(html, "en") == "/en/no-such-page?x=1"
    html = client.get("/en/no-such-page").get_data(as_text=True)
    assert '<html lang="en">' in html and "Page not found" in html


@pytest.mark.parametrize("lang, money, number", [
    ("fr", "1\u00a0234,50\u00a0$", "1\u00a0234\u00a0567,5"),
    ("en", "$1,234.50", "1,234,567.5"),
])
def test_money_and_number_formats(app, lang, money, number):
    with force_locale(i18n.LOCALES[lang]):
        assert format_money(Decimal("1234.50")).replace("\u202f", "\u00a0") == money
        assert format_number(1234567.5).replace("\u202f", "\u00a0") == number
        assert format_money(None) == "—"


def test_money_reads_as_expected_in_french(app):
    with force_locale("fr_CA"):
        # "1 234,50 $" with any kind of space babel chooses
        assert format_money(Decimal("1234.5")).replace("\u202f", " ").replace("\u00a0", " ") == "1 234,50 $"
    with force_locale("en_CA"):
        assert format_money(1234.5) == "$1,234.50"


def test_date_formats(app):
    d = date(2026, 3, 31)
    with force_locale("fr_CA"):
        assert format_date(d) == "31 mars 2026"
    with force_locale("en_CA"):
        assert format_date(d) == "March 31, 2026"


def test_datetimes_are_shown_in_toronto_time(app):
    from portal.i18n import format_datetime

    moment = datetime(2026, 1, 15, 17, 30, tzinfo=timezone.utc)  # 12:30 in Toronto (EST)
    with force_locale("en_CA"):
        assert "12:30" in format_datetime(moment)
    with force_locale("fr_CA"):
        assert "12 h 30" in format_datetime(moment) or "12:30" in format_datetime(moment)


class _Thing:
    def __init__(self, fr, en):
        self.title_fr, self.title_en = fr, en


def test_tr_marks_the_fallback_language(app):
    only_en = _Thing("", "Annual report")
    only_fr = _Thing("Rapport annuel", None)
    with force_locale("fr_CA"):
        text = localized(only_en, "title")
        assert text.is_fallback and text.lang == "en"
        html = text.__html__()
        assert 'lang="en"' in html and "Annual report" in html and "Disponible en anglais seulement" in html
        both = localized(_Thing("Rapport", "Report"), "title")
        assert str(both) == "Rapport" and not both.is_fallback
        assert "seulement" not in both.__html__()
    with force_locale("en_CA"):
        html = localized(only_fr, "title").__html__()
        assert "Rapport annuel" in html and "Available in French only" in html and 'lang="fr"' in html


def test_tr_escapes_user_text(app):
    with force_locale("en_CA"):
        html = localized(_Thing("<script>alert(1)</script>", ""), "title").__html__()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_translated_organisation_names_in_pages(client, make, login_as):
    org = make.org("BILING", name_en="Bilingual Org", name_fr="Organisme bilingue")
    login_as(make.user("admin", org=org))
    assert "Organisme bilingue" in client.get("/fr/compte").get_data(as_text=True)
    assert "Bilingual Org" in client.get("/en/account").get_data(as_text=True)


def test_every_catalogue_is_compiled_and_loaded(app):
    """For each feature's catalogue, one of its own strings comes out in French (a missing or stale .mo, or a
    catalogue Flask-Babel does not load, would silently show English)."""
    from flask_babel import gettext

    entries = {}
    for po in CATALOGUES:
        with po.open("rb") as fh:
            entries[po] = {m.id: m.string for m in read_po(fh, locale="fr")
                           if m.id and isinstance(m.id, str) and m.string and m.string != m.id and "%" not in m.id}
    problems = []
    for po, own in entries.items():
        others = set().union(*(set(e) for p, e in entries.items() if p != po))
        unique = [msgid for msgid in own if msgid not in others]
        if not unique:
            continue
        msgid = sorted(unique)[0]
        with force_locale("fr_CA"):
            shown = gettext(msgid)
        if shown != own[msgid]:
            problems.append(f"{po.relative_to(PORTAL)}: {msgid!r} shows {shown!r}")
    assert not problems, "catalogues not compiled or not loaded (run scripts/translations.py compile):\n" + \
        "\n".join(problems)


def _typography():
    import importlib.util

    path = PORTAL.parent / "scripts" / "french_typography.py"
    spec = importlib.util.spec_from_file_location("french_typography", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PORTAL)))
def test_french_strings_keep_their_no_break_spaces(po):
    """'Réponses :' with a plain space breaks a line before the colon: `python scripts/french_typography.py` fixes it."""
    problems = _typography().problems(po)
    assert not problems, f"{po}: run python scripts/french_typography.py\n" + "\n".join(problems[:20])


def test_french_typography_rule():
    fix = _typography().fix
    assert fix("Réponses :") == "Réponses\u00a0:"
    assert fix("Contribution?") == "Contribution\u202f?"
    assert fix("« Suivre »") == "«\u00a0Suivre\u00a0»"
    assert fix("voir https://exemple.ca/a?b et %(n)s: x") == "voir https://exemple.ca/a?b et %(n)s\u00a0: x"
    assert fix(fix("« a » : b ; c !")) == fix("« a » : b ; c !")  # fixing twice changes nothing


@pytest.mark.parametrize("lang,expected", [
    ("fr", ("1er décembre 2026, 17 h HNE", "1er juill. 2026, 17 h 30", "mardi 1er décembre 2026")),
    ("en", ("December 1, 2026, 5:00 p.m. EST", "Jul 1, 2026, 5:30 p.m.", "Tuesday, December 1, 2026")),
])
def test_dates_and_times_read_as_each_language_writes_them(app, lang, expected):
    """No '17 h 00 min 00 s HNE': the hour alone when on the hour; the first of the month as '1er' in French."""
    from datetime import date, datetime, timezone

    from portal.i18n import force_locale, format_date, format_datetime

    with app.test_request_context(f"/{lang}/"), force_locale(f"{lang}_CA"):
        assert format_datetime(datetime(2026, 12, 1, 22, 0, tzinfo=timezone.utc), "long") == expected[0]
        assert format_datetime(datetime(2026, 7, 1, 21, 30, tzinfo=timezone.utc), "medium") == expected[1]
        assert format_date(date(2026, 12, 1), "full") == expected[2]
        assert "1er" not in format_date(date(2026, 12, 2), "long")
