"""languages: fill the "written in" columns of rows written before the portal recorded them (0155, 0162), by
identifying each text's language (py3langid, French or English). A text too short to tell (under three words: a
number, a code, a file name) stays NULL and is shown unmarked in the page's language, which is right for those.

Revision ID: 0181_langdata_written_in_fill
Revises: 0180_langdata_glossary_lang
Create Date: 2026-11-30 19:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0181_langdata_written_in_fill"
down_revision = "0180_langdata_glossary_lang"
branch_labels = None
depends_on = None

# (table, language column, the text columns it speaks for)
WRITTEN_IN = (("region_notes", "source_lang", ("source",)),
              ("cm_spending", "variance_reason_lang", ("variance_reason",)),
              ("cm_measurements", "note_lang", ("note",)),
              ("cm_evidence", "label_lang", ("label",)),
              ("cm_reporting_cycles", "name_lang", ("name",)),
              ("protocol_versions", "text_lang", ("label", "note")),
              ("services", "hours_lang", ("hours",)),
              ("record_links", "excerpt_lang", ("excerpt",)))


def fill(conn) -> dict[str, int]:
    """Set each NULL language column whose text says its language clearly; returns how many per table."""
    from portal.textlang import identify

    filled = {}
    for table, lang_column, columns in WRITTEN_IN:
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table} WHERE {lang_column} IS NULL"))
        n = 0
        for row_id, *texts in rows.fetchall():
            lang = identify(" ".join(t for t in texts if t))
            if lang:
                conn.execute(sa.text(f"UPDATE {table} SET {lang_column} = :lang WHERE id = :id"),
                             {"lang": lang, "id": row_id})
                n += 1
        filled[table] = n
    return filled


def upgrade():
    fill(op.get_bind())


def downgrade():
    pass   # the languages found stay: they were right, and NULL only meant "not recorded"
