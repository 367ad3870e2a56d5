"""consultations code book: theme descriptions, and retiring a theme instead of deleting it

Revision ID: 0007_codebook
Revises: 0006_search
Create Date: 2026-11-22 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_codebook'
down_revision = "0006_search"
branch_labels = None
depends_on = None


def upgrade():
    # Server defaults fill the themes that already exist (all in use, so all active).
    with op.batch_alter_table('consultation_themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_fr', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('consultation_themes', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('description_en')
        batch_op.drop_column('description_fr')
