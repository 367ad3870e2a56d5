"""The French-English glossary used by search: the database's entries, or the built-in list on a fresh install."""
from __future__ import annotations

import csv
import threading
from pathlib import Path

from sqlalchemy import func, select

from ..extensions import db
from ..i18n import _l
from .models import GlossaryTerm
from .query import Glossary

DEFAULT_FILE = Path(__file__).with_name("terminology.csv")  # how it was built: data/terminology/
# The terminology's categories (data/terminology/README.md), in the order the glossary page lists them.
CATEGORIES = {
    "offence": _l("Offences"), "programme": _l("Programmes"), "service": _l("Services"),
    "population": _l("Populations"), "organisation": _l("Organisations and departments"),
    "justice": _l("Justice"), "immigration": _l("Immigration"), "labour": _l("Labour"),
    "governance": _l("Governance"), "data": _l("Data and research"), "general": _l("General"),
}
_cache: dict = {}
_lock = threading.Lock()


def split_aliases(value: str) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


TERM_LANGS = ("term_fr_lang", "term_en_lang")   # empty in the file: the column's own language (None)


def default_entries() -> list[dict[str, str | None]]:
    with DEFAULT_FILE.open(newline="", encoding="utf-8") as fh:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    for row in rows:
        for k in TERM_LANGS:
            row[k] = row.get(k) or None
    return rows


def entries_from_rows(rows) -> list[tuple[list[str], list[str]]]:
    return [([r["term_fr"]] + split_aliases(r["aliases_fr"]), [r["term_en"]] + split_aliases(r["aliases_en"]))
            for r in rows]


def load_glossary() -> Glossary:
    """Cached until the glossary table changes (one small query per search)."""
    count, latest = db.session.execute(select(func.count(GlossaryTerm.id), func.max(GlossaryTerm.updated_at))).one()
    key = (count, latest, db.engine.url.render_as_string())
    with _lock:
        if _cache.get("key") == key:
            return _cache["glossary"]
    if count:
        rows = [{"term_fr": t.term_fr, "term_en": t.term_en, "aliases_fr": t.aliases_fr, "aliases_en": t.aliases_en}
                for t in db.session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.id))]
    else:
        rows = default_entries()
    glossary = Glossary.build(entries_from_rows(rows))
    with _lock:
        _cache.update(key=key, glossary=glossary)
    return glossary
