"""The search documents in PostgreSQL: one row per SearchDocument, French and English tsvectors (title
weighted A, body D) with GIN indexes, and the words each visibility level may be offered as a correction.

The table exists on SQLite too (one schema for both databases) and stays empty there. The text search
configurations and the unaccent extension are created with the table on PostgreSQL (and by the migration).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import DDL, Date, Float, Index, String, Text, event
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db

CONFIGS = {"fr": "concerto_fr", "en": "concerto_en"}

# French and English stemming after unaccent; compound words are indexed as their parts only, so
# "non-governmental" and "non governmental" are the same phrase.
SETUP_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'concerto_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION concerto_fr (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION concerto_fr ALTER MAPPING FOR hword_part, word WITH unaccent, french_stem;
        ALTER TEXT SEARCH CONFIGURATION concerto_fr DROP MAPPING FOR hword, asciihword;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'concerto_en') THEN
        CREATE TEXT SEARCH CONFIGURATION concerto_en (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION concerto_en ALTER MAPPING FOR hword_part, word WITH unaccent, english_stem;
        ALTER TEXT SEARCH CONFIGURATION concerto_en DROP MAPPING FOR hword, asciihword;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'concerto_words') THEN
        CREATE TEXT SEARCH CONFIGURATION concerto_words (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION concerto_words ALTER MAPPING FOR hword_part, word WITH unaccent, simple;
        ALTER TEXT SEARCH CONFIGURATION concerto_words DROP MAPPING FOR hword, asciihword;
      END IF;
    END $$""",
    # Consecutive indexed words as 'a~b' lexemes (stop words skipped, as in Whoosh's bigram fields): a
    # phrase becomes an exact index lookup instead of a position check in every candidate's vector.
    """CREATE OR REPLACE FUNCTION concerto_pairs(v tsvector) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT p)), ''::tsvector) FROM (
          SELECT u.lexeme || '~' || lead(u.lexeme) OVER (ORDER BY pos) AS p
          FROM unnest(v) AS u, unnest(u.positions) AS pos) AS s
        WHERE p IS NOT NULL
      $$""",
    """CREATE OR REPLACE FUNCTION concerto_search_entries_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.pairs_fr := concerto_pairs(NEW.tsv_fr);
        NEW.pairs_en := concerto_pairs(NEW.tsv_en);
        RETURN NEW;
      END $$""",
]
TRIGGER_SQL = ("CREATE TRIGGER search_entries_pairs BEFORE INSERT OR UPDATE OF tsv_fr, tsv_en ON search_entries"
               " FOR EACH ROW EXECUTE FUNCTION concerto_search_entries_pairs()")


class SearchEntry(db.Model):
    """One searchable document (a SearchDocument), as the PostgreSQL engine stores it."""
    __tablename__ = "search_entries"

    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)      # doc_type:obj_id (all parts of one object)
    doc_type: Mapped[str] = mapped_column(String(40))
    obj_id: Mapped[int]
    endpoint: Mapped[str] = mapped_column(String(120))
    url_args: Mapped[str] = mapped_column(Text, default="{}")
    title_fr: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(Text, default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    langs: Mapped[str] = mapped_column(String(10), default="")
    pillar: Mapped[str] = mapped_column(String(40), default="")
    jurisdictions: Mapped[str] = mapped_column(String(200), default="")   # comma-separated codes
    year: Mapped[str] = mapped_column(String(4), default="")
    date: Mapped[date | None] = mapped_column(Date)
    stakeholder: Mapped[str] = mapped_column(String(40), default="")
    visibility: Mapped[str] = mapped_column(String(20))
    owner_orgs: Mapped[str] = mapped_column(String(200), default="")      # ",3,17," (delimited both sides)
    indexed_at: Mapped[float] = mapped_column(Float)
    hash: Mapped[str] = mapped_column(String(40))
    tsv_fr: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))
    tsv_en: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))
    pairs_fr: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))  # set by trigger
    pairs_en: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))

    __table_args__ = (
        Index("ix_search_entries_tsv_fr", "tsv_fr", postgresql_using="gin"),
        Index("ix_search_entries_tsv_en", "tsv_en", postgresql_using="gin"),
        Index("ix_search_entries_pairs_fr", "pairs_fr", postgresql_using="gin"),
        Index("ix_search_entries_pairs_en", "pairs_en", postgresql_using="gin"),
        # Read backwards (newest first): a tier's candidates for ranking, so a word found in most documents
        # reads a few hundred rows in date order instead of sorting all of its matches.
        Index("ix_search_entries_date", "date", "doc_id"),
    )


class SearchWord(db.Model):
    """A word (lowercase, unaccented) found in a document of a visibility level: what "did you mean" may
    offer to people who see that level. Grows with the documents; `search rebuild` starts it afresh."""
    __tablename__ = "search_words"

    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    word: Mapped[str] = mapped_column(String(60), primary_key=True)


for _sql in SETUP_SQL:
    event.listen(SearchEntry.__table__, "before_create", DDL(_sql).execute_if(dialect="postgresql"))
event.listen(SearchEntry.__table__, "after_create", DDL(TRIGGER_SQL).execute_if(dialect="postgresql"))
