"""lessons: a public lesson goes through the secretariat's review (state, comment, who and when)

Revision ID: 0144_pickers_lesson_review
Revises: 0143_org_short_name_fr
Create Date: 2026-11-30 13:05:00

Lessons already public stay public: they are marked published (the secretariat made them). Others are not
asking to be public.
"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = '0144_pickers_lesson_review'
down_revision = '0143_org_short_name_fr'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_state', sa.String(length=20), nullable=False, server_default='none'))
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('submitted_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_search_lessons_review_state'), ['review_state'], unique=False)
        batch_op.create_foreign_key('fk_search_lessons_reviewed_by_id_users', 'users', ['reviewed_by_id'], ['id'],
                                    ondelete='SET NULL')
    lessons = sa.table('search_lessons', sa.column('visibility', sa.String), sa.column('review_state', sa.String))
    op.execute(lessons.update().where(lessons.c.visibility == 'public').values(review_state='published'))


def downgrade():
    with op.batch_alter_table('search_lessons', schema=None) as batch_op:
        batch_op.drop_constraint('fk_search_lessons_reviewed_by_id_users', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_search_lessons_review_state'))
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('review_comment')
        batch_op.drop_column('review_state')
