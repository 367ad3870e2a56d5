"""The one import point for translation and locale-aware formatting.

Pages live under /fr/... and /en/...; the URL decides the language. Database text is stored in paired
columns (title_fr, title_en); `localized(obj, "title")` picks the request's language and says when it
had to fall back to the other one, so templates can mark it ("Available in French only").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import current_app, g, has_request_context, request
from flask_babel import format_date as _format_date
from flask_babel import format_datetime as _format_datetime
from flask_babel import to_user_timezone
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, ngettext
from markupsafe import Markup, escape

_ = gettext
_l = lazy_gettext
__all__ = ["_", "_l", "ngettext", "force_locale", "current_lang", "localized", "written_in", "format_money",
           "format_number", "format_date", "format_datetime", "LANGS", "other_lang", "lang_name"]

LANGS = ("fr", "en")
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def current_lang() -> str:
    """'fr' or 'en' for the current request (or forced locale); 'en' outside a request."""
    try:
        loc = get_locale()
    except Exception:  # outside an app context
        loc = None
    if loc is not None and loc.language in LANGS:
        return loc.language
    return "en"


def other_lang(lang: str | None = None) -> str:
    return "en" if (lang or current_lang()) == "fr" else "fr"


def lang_name(lang: str) -> str:
    return {"fr": "Français", "en": "English"}[lang]


def select_locale() -> str:
    """Flask-Babel locale selector: URL language, then cookie, then Accept-Language."""
    lang = getattr(g, "lang", None) if has_request_context() else None
    if lang is None and has_request_context():
        lang = request.args.get("lang") if request.args.get("lang") in LANGS else None
    if lang is None and has_request_context():
        lang = preferred_lang()
    return LOCALES.get(lang or current_app.config["BABEL_DEFAULT_LOCALE"], "en_CA")


def preferred_lang() -> str:
    """The visitor's language when the URL does not say: cookie, then Accept-Language, then English."""
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return cookie
    best = request.accept_languages.best_match(LANGS)
    return best or "en"


@dataclass(frozen=True)
class LocalizedText:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> Markup:
        """Render with the language marked, and a visible note when it is the other language."""
        if not self.is_fallback:
            return escape(self.text)
        note = _("Available in French only") if self.lang == "fr" else _("Available in English only")
        return Markup('<span lang="{lang}">{text}</span> <span class="lang-note">({note})</span>').format(
            lang=self.lang, text=self.text, note=note)


def written_in(text: str | None, lang: str | None) -> LocalizedText:
    """Text a person wrote in one language (an answer, a quote, a note): shown with its `lang` and, on a page
    of the other language, the "available in ... only" note."""
    lang = lang if lang in LANGS else current_lang()
    return LocalizedText(text or "", lang, lang != current_lang())


def as_written(text: str | None) -> LocalizedText:
    """Text a person typed whose language the portal does not record (a reviewer's comment, a reason given):
    shown with the language its words say (portal/textlang.py), marked on a page of the other language; too short
    to tell, it is shown as the page's."""
    from .textlang import identify

    return written_in(text, identify(text))


def localized(obj, field: str, lang: str | None = None) -> LocalizedText:
    """The `field_<lang>` value of obj in the request's language, falling back to the other one."""
    lang = lang or current_lang()
    value = getattr(obj, f"{field}_{lang}", None)
    if value:
        return LocalizedText(value, lang, False)
    other = other_lang(lang)
    value = getattr(obj, f"{field}_{other}", None)
    if value:
        return LocalizedText(value, other, True)
    return LocalizedText("", lang, False)


def _locale_code() -> str:
    return LOCALES[current_lang()]


def format_money(amount: Decimal | int | float | None, currency: str = "CAD") -> str:
    """'1 234,50 $' in French, '$1,234.50' in English."""
    if amount is None:
        return "—"
    return babel_numbers.format_currency(amount, currency, locale=_locale_code())


def format_number(value, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if decimals is not None:
        return babel_numbers.format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0",
                                            locale=_locale_code())
    return babel_numbers.format_decimal(value, locale=_locale_code())


def format_file_size(size: int | None) -> str:
    """'193 bytes' / '193 octets', '1.2 MB' / '1,2 Mo': never '0 KB' for a small file (1 KB = 1,024 bytes)."""
    if size is None:
        return "—"
    if size < 1024:
        return ngettext("%(size)s byte", "%(size)s bytes", size, size=format_number(size))
    units = (gettext("KB"), gettext("MB"), gettext("GB"))
    value = float(size)
    for unit in units:
        value /= 1024
        if value < 1024 or unit == units[-1]:
            break
    number = babel_numbers.format_decimal(value, format="#,##0.#" if value < 100 else "#,##0",
                                          locale=_locale_code())
    return gettext("%(number)s %(unit)s", number=number, unit=unit)


def format_percent(value: float | None) -> str:
    if value is None:
        return "—"
    return babel_numbers.format_percent(value, locale=_locale_code())


def format_date(value: date | datetime | None, format: str = "long") -> str:
    """'1er décembre 2026' / 'December 1, 2026' (French writes the first of the month as an ordinal)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_user_timezone(value) if value.tzinfo else value
    text = _format_date(value, format=format)
    if current_lang() == "fr" and value.day == 1 and format in ("full", "long", "medium"):
        text = re.sub(r"(^|\s)1(\s)", r"\g<1>1er\g<2>", text, count=1)
    return text


def format_time(value: datetime) -> str:
    """The time as each language writes it on Canada.ca: '17 h', '17 h 30'; '5:00 p.m.'."""
    local = to_user_timezone(value) if value.tzinfo else value
    if current_lang() == "fr":
        return f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    return babel_dates.format_time(local, "h:mm a", locale=_locale_code()).replace("AM", "a.m.").replace("PM", "p.m.")


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    """Date and time without seconds: '1er décembre 2026, 17 h HNE' / 'December 1, 2026, 5:00 p.m. EST'.

    'short' gives the numeric date ('2026-12-01 17 h'); 'long' and 'full' add the time zone's abbreviation.
    """
    if value is None:
        return "—"
    local = to_user_timezone(value) if value.tzinfo else value
    day = format_date(local, "medium" if format == "medium" else ("short" if format == "short" else "long"))
    text = f"{day} {format_time(local)}" if format == "short" else f"{day}, {format_time(local)}"
    if format in ("long", "full") and local.tzinfo:
        text += " " + babel_dates.format_datetime(local, "zzz", tzinfo=local.tzinfo, locale=_locale_code())
    return text
