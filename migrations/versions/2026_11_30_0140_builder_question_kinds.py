"""consultations: questions get required, help text (both languages); answers' value holds several codes

Revision ID: 0140_builder_question_kinds
Revises: 0131_follows
Create Date: 2026-11-30 12:20:00

Existing questions stay optional with no help text; existing answers keep their value.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0140_builder_question_kinds'
down_revision = '0131_follows'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('required', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('help_fr', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('help_en', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.alter_column('value', existing_type=sa.String(length=20), type_=sa.String(length=200),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.alter_column('value', existing_type=sa.String(length=200), type_=sa.String(length=20),
                              existing_nullable=False)
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_column('help_en')
        batch_op.drop_column('help_fr')
        batch_op.drop_column('required')
