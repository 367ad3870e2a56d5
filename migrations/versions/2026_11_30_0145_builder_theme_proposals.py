"""consultations: themes proposed by the advisory committee, accepted or declined by the secretariat

Revision ID: 0145_builder_theme_proposals
Revises: 0144_pickers_lesson_review
Create Date: 2026-11-30 13:00:00

"""
from alembic import op
import sqlalchemy as sa
import portal.db


# revision identifiers, used by Alembic.
revision = '0145_builder_theme_proposals'
down_revision = '0144_pickers_lesson_review'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_theme_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('description_fr', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_theme_proposals_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_consultation_theme_proposals_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_consultation_theme_proposals_proposed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['consultation_themes.id'], name=op.f('fk_consultation_theme_proposals_theme_id_consultation_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_theme_proposals'))
    )
    with op.batch_alter_table('consultation_theme_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_theme_proposals_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_theme_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_theme_proposals_consultation_id'))
    op.drop_table('consultation_theme_proposals')
