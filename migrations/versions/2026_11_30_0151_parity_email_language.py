"""parity: a person's email language may be unknown (None: mail in both languages)

Revision ID: 0150_parity_email_language
Revises: 0150_core_two_factor
Create Date: 2026-11-30 15:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0150_parity_email_language'
down_revision = '0150_core_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('preferred_lang', existing_type=sa.String(length=2), nullable=True)


def downgrade():
    op.execute("UPDATE users SET preferred_lang = 'fr' WHERE preferred_lang IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('preferred_lang', existing_type=sa.String(length=2), nullable=False)
