"""search_entries: an index on (date, doc_id) for the PostgreSQL engine's bounded ranking

Revision ID: 0152_pgsearch_date_index
Revises: 0150_parity_email_language
Create Date: 2026-11-30 16:00:00

"""
from alembic import op


revision = '0152_pgsearch_date_index'
down_revision = '0150_parity_email_language'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_search_entries_date', 'search_entries', ['date', 'doc_id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_search_entries_date', table_name='search_entries')
