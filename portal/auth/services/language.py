"""The language of a person's mail: "fr", "en", or None when unknown (mail then carries both languages)."""
from __future__ import annotations

from dataclasses import dataclass

from ... import audit
from ...i18n import LANGS, _
from ...rules import RuleError
from ..models import User


@dataclass
class EmailLanguage:
    lang: str | None     # None: both languages


def set_email_language(user: User, choice: EmailLanguage, *, actor: User | None = None) -> None:
    lang = choice.lang or None
    if lang is not None and lang not in LANGS:
        raise RuleError(field="lang", message=_("Choose French, English or both."))
    if lang == user.preferred_lang:
        return
    changes = {"preferred_lang": [user.preferred_lang, lang]}
    user.preferred_lang = lang
    audit.record("account.email_language", user, actor=actor or user, changes=changes)


def default_email_language(user: User, page_lang: str) -> None:
    """First sign-in: an unknown mail language becomes the language the person chose for the page."""
    if user.preferred_lang is None and page_lang in LANGS:
        user.preferred_lang = page_lang
