"""content_stamps: one random stamp per scope (feature), replaced by every commit that changes the scope's
rows; the web processes key the pages they keep for visitors by it (portal/pagecache.py)

Revision ID: 0153_pages_content_stamps
Revises: 0152_pgsearch_date_index
Create Date: 2026-11-30 16:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0153_pages_content_stamps"
down_revision = "0152_pgsearch_date_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "content_stamps",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_content_stamps")),
    )


def downgrade():
    op.drop_table("content_stamps")
