"""languages: a roundtable's organiser, a spending line's note and an indicator's unit in French and in English
(the old single column split at " / ", the demo's "fr / en" form); the language the single-language texts were
written in (regional note sources, reasons for a spending difference, measurement notes, evidence labels, cycle
names, protocol version labels and notes, opening hours). NULL: written before the portal recorded it.

Revision ID: 0155_lang_written_in
Revises: 0154_pages_mail_sending
Create Date: 2026-11-30 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0155_lang_written_in'
down_revision = '0154_pages_mail_sending'
branch_labels = None
depends_on = None

LANG_COLUMNS = (("region_notes", "source_lang"), ("cm_spending", "variance_reason_lang"),
                ("cm_measurements", "note_lang"), ("cm_evidence", "label_lang"),
                ("cm_reporting_cycles", "name_lang"), ("protocol_versions", "text_lang"),
                ("services", "hours_lang"))
PAIRS = (("roundtables", "organiser", 300), ("cm_spending", "note", 300), ("cm_indicators", "unit", 60))


def upgrade():
    for table, column in LANG_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(length=2), nullable=True))
    for table, column, length in PAIRS:
        _split(table, column, length)


def _split(table: str, column: str, length: int) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for lang in ("fr", "en"):
            batch_op.add_column(sa.Column(f"{column}_{lang}", sa.String(length=length), nullable=False,
                                          server_default=""))
    conn = op.get_bind()
    for row_id, value in conn.execute(sa.text(f"SELECT id, {column} FROM {table}")).fetchall():
        # "Conseil canadien pour les réfugiés / Canadian Council for Refugees": the two forms; else one text
        fr, sep, en = (value or "").partition(" / ")
        conn.execute(sa.text(f"UPDATE {table} SET {column}_fr = :fr, {column}_en = :en WHERE id = :id"),
                     {"fr": fr.strip(), "en": (en if sep else fr).strip(), "id": row_id})
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column(column)


def downgrade():
    for table, column, length in PAIRS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(length=length), nullable=False, server_default=""))
        op.execute(f"UPDATE {table} SET {column} = {column}_fr")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(f"{column}_en")
            batch_op.drop_column(f"{column}_fr")
    for table, column in LANG_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
