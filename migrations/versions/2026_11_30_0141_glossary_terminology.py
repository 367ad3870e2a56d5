"""search glossary: each pair's category and source (the field's terminology, data/terminology/)

Revision ID: 0141_glossary_terminology
Revises: 0140_builder_question_kinds
Create Date: 2026-11-30 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0141_glossary_terminology"
down_revision = "0140_builder_question_kinds"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_glossary") as batch:
        batch.add_column(sa.Column("category", sa.String(length=20), nullable=False, server_default="general"))
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("search_glossary") as batch:
        batch.drop_column("source")
        batch.drop_column("category")
