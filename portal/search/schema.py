"""The index schema, built from code every time the index is opened (never read back from disk)."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..permissions import VISIBILITY_LEVELS
from .analysis import bigram_analyzer, english_analyzer, french_analyzer, plain_analyzer

SPELL_FIELDS = {level: f"spell_{level}" for level in VISIBILITY_LEVELS}


def build_schema() -> Schema:
    fr, en, plain = french_analyzer(), english_analyzer(), plain_analyzer()
    fields = dict(
        id=ID(stored=True, unique=True),
        key=ID(stored=True),
        type=ID(stored=True, sortable=True),
        obj_id=STORED(),
        endpoint=STORED(),
        url_args=STORED(),
        title_fr=TEXT(analyzer=fr, stored=True),
        body_fr=TEXT(analyzer=fr, stored=True),
        title_en=TEXT(analyzer=en, stored=True),
        body_en=TEXT(analyzer=en, stored=True),
        bigrams_fr=TEXT(analyzer=bigram_analyzer("fr"), phrase=False),
        bigrams_en=TEXT(analyzer=bigram_analyzer("en"), phrase=False),
        langs=KEYWORD(stored=True, commas=True),
        pillar=ID(stored=True, sortable=True),
        jurisdictions=KEYWORD(stored=True, commas=True),
        year=ID(stored=True, sortable=True),
        date=NUMERIC(int, bits=32, stored=True, sortable=True),       # date.toordinal(), 0 when unknown
        stakeholder=ID(stored=True, sortable=True),
        visibility=ID(stored=True),
        owner_orgs=KEYWORD(stored=True, commas=True),
        indexed_at=NUMERIC(int, bits=64, stored=True, sortable=True),  # epoch seconds of the last upsert
        hash=ID(stored=True),
    )
    # Spelling vocabulary per visibility level, so a suggestion never comes from text a user may not see.
    for name in SPELL_FIELDS.values():
        fields[name] = TEXT(analyzer=plain, phrase=False)
    return Schema(**fields)
