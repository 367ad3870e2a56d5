"""languages: the language of a link's excerpt (a lesson's source quoted in French or in English)

Revision ID: 0162_lang_link_excerpt
Revises: 0161_leftovers_tombstones
Create Date: 2026-11-30 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0162_lang_link_excerpt'
down_revision = '0161_leftovers_tombstones'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('record_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('excerpt_lang', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('record_links', schema=None) as batch_op:
        batch_op.drop_column('excerpt_lang')
