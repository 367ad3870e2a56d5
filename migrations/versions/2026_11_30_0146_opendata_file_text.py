"""stored_files.text: the file's text for search (PDF, DOCX, ODT, TXT), read when it is stored

Revision ID: 0146_opendata_file_text
Revises: 0145_builder_theme_proposals
Create Date: 2026-11-30 13:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0146_opendata_file_text"
down_revision = "0145_builder_theme_proposals"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stored_files") as batch:
        batch.add_column(sa.Column("text", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("stored_files") as batch:
        batch.drop_column("text")
