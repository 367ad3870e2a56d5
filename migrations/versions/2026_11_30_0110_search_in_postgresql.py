"""search in PostgreSQL: search_entries (one row per search document, French and English tsvectors with
GIN indexes; pairs of consecutive words for phrases, set by a trigger) and search_words (the words "did you mean" may offer, per visibility level)

Revision ID: 0110_pg_search
Revises: 0008_stored_files
Create Date: 2026-11-30 09:20:00

On PostgreSQL this also creates the unaccent extension (trusted from PostgreSQL 13: the database owner
may create it) and the concerto_fr, concerto_en and concerto_words text search configurations. The tables
exist on SQLite too and stay empty there. After upgrading a PostgreSQL database, `concerto search rebuild`
fills the table once; from then on every change writes its documents in its own transaction.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# As in portal/search/pg/table.py when this migration was written (a migration keeps its own copy).
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


revision = "0110_pg_search"
down_revision = "0008_stored_files"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for sql in SETUP_SQL:
            op.execute(sql)
    tsvector = postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite")
    op.create_table(
        "search_entries",
        sa.Column("doc_id", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("obj_id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=120), nullable=False),
        sa.Column("url_args", sa.Text(), nullable=False),
        sa.Column("title_fr", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("body_fr", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("langs", sa.String(length=10), nullable=False),
        sa.Column("pillar", sa.String(length=40), nullable=False),
        sa.Column("jurisdictions", sa.String(length=200), nullable=False),
        sa.Column("year", sa.String(length=4), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("stakeholder", sa.String(length=40), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("owner_orgs", sa.String(length=200), nullable=False),
        sa.Column("indexed_at", sa.Float(), nullable=False),
        sa.Column("hash", sa.String(length=40), nullable=False),
        sa.Column("tsv_fr", tsvector, nullable=True),
        sa.Column("tsv_en", tsvector, nullable=True),
        sa.Column("pairs_fr", tsvector, nullable=True),
        sa.Column("pairs_en", tsvector, nullable=True),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_entries")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_key"), ["key"], unique=False)
        batch_op.create_index("ix_search_entries_tsv_fr", ["tsv_fr"], unique=False, postgresql_using="gin")
        batch_op.create_index("ix_search_entries_tsv_en", ["tsv_en"], unique=False, postgresql_using="gin")
        batch_op.create_index("ix_search_entries_pairs_fr", ["pairs_fr"], unique=False, postgresql_using="gin")
        batch_op.create_index("ix_search_entries_pairs_en", ["pairs_en"], unique=False, postgresql_using="gin")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TRIGGER_SQL)
    op.create_table(
        "search_words",
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("word", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("level", "word", name=op.f("pk_search_words")),
    )


def downgrade():
    op.drop_table("search_words")
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_search_entries_pairs_en")
        batch_op.drop_index("ix_search_entries_pairs_fr")
        batch_op.drop_index("ix_search_entries_tsv_en")
        batch_op.drop_index("ix_search_entries_tsv_fr")
        batch_op.drop_index(batch_op.f("ix_search_entries_key"))
    op.drop_table("search_entries")
