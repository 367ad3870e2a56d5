"""Search's verbs: the French-English glossary it expands queries with (its editing screens are the lessons
feature's). A dataclass in, RuleError out; flush and audit, never commit."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select

from .. import audit, parity
from ..extensions import db
from ..i18n import _, _l
from ..rules import RuleError
from .glossary import CATEGORIES, default_entries
from .models import GlossaryTerm


@dataclass
class GlossaryInput:
    term_fr: str
    term_en: str
    aliases_fr: str = ""
    aliases_en: str = ""
    note_fr: str = ""
    note_en: str = ""
    category: str = "general"
    source: str = ""
    term_fr_lang: str | None = None    # "en": the French term is an English name used as is; None: French
    term_en_lang: str | None = None    # "fr": the English term is a French name used as is; None: English
    one_language: bool | None = None   # "publish in one language for now" (None: not asked)


TERM_LANGS = ("term_fr_lang", "term_en_lang")
GLOSSARY_FIELDS = tuple(f.name for f in fields(GlossaryInput) if f.name != "one_language")
TEXT_FIELDS = tuple(f for f in GLOSSARY_FIELDS if f not in TERM_LANGS)


def save_term(term: GlossaryTerm | None, data: GlossaryInput, *, actor: Any) -> GlossaryTerm:
    """Add a pair of terms (term None) or change one; search uses it from the next query on."""
    clean: dict = {f: (getattr(data, f) or "").strip() for f in TEXT_FIELDS}
    for f, column_lang in zip(TERM_LANGS, ("fr", "en")):
        lang = getattr(data, f) or None
        if lang not in (None, "fr", "en"):
            raise RuleError(field=f, message=_("Choose one of the listed languages."))
        clean[f] = None if lang == column_lang else lang   # the column's own language is stored as NULL
    if not clean["term_fr"] or not clean["term_en"]:
        raise RuleError(field="term_fr", message=_("A glossary entry needs the term in French and in English."))
    parity.require_both(clean, {"note": _l("Note")}, public=True, one_language=data.one_language)
    if clean["category"] not in CATEGORIES:
        raise RuleError(field="category", message=_("Choose one of the listed categories."))
    dup = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == clean["term_fr"],
                                                       GlossaryTerm.term_en == clean["term_en"]))
    if dup is not None and dup is not term:
        raise RuleError(field="term_fr", message=_("This pair of terms is already in the glossary."))
    if term is None:
        term = GlossaryTerm(updated_by_id=getattr(actor, "id", None), **clean)
        db.session.add(term)
        db.session.flush()
        audit.record("glossary.created", term, actor=actor, summary=f"{term.term_fr} / {term.term_en}")
        return term
    changes = audit.diff(term, GLOSSARY_FIELDS, clean)
    for f, (_old, new) in changes.items():
        setattr(term, f, new)
    term.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("glossary.updated", term, actor=actor, changes=changes)
    return term


def delete_term(term: GlossaryTerm, *, actor: Any) -> None:
    audit.record("glossary.deleted", term, actor=actor, summary=f"{term.term_fr} / {term.term_en}")
    db.session.delete(term)
    db.session.flush()


def load_glossary_defaults() -> int:
    """Add the built-in pairs that are missing; returns how many were added."""
    n = 0
    for row in default_entries():
        exists = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == row["term_fr"],
                                                              GlossaryTerm.term_en == row["term_en"]))
        if exists is None:
            db.session.add(GlossaryTerm(**row))
            n += 1
    db.session.flush()
    return n
