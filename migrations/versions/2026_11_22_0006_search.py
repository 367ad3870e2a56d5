"""search: lessons learned, evaluation findings, glossary, saved searches

Revision ID: 0006_search
Revises: 0005_consultations
Create Date: 2026-11-22 17:50:35.671139

"""
from alembic import op
import sqlalchemy as sa
import portal.db


# revision identifiers, used by Alembic.
revision = '0006_search'
down_revision = "0005_consultations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_evaluation_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('body_fr', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('pillar', sa.String(length=20), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=20), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_evaluation_findings')),
    sa.UniqueConstraint('evaluation', 'code', name='search_findings_code')
    )

    op.create_table('search_glossary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_fr', sa.String(length=200), nullable=False),
    sa.Column('term_en', sa.String(length=200), nullable=False),
    sa.Column('aliases_fr', sa.String(length=500), nullable=False),
    sa.Column('aliases_en', sa.String(length=500), nullable=False),
    sa.Column('note_fr', sa.Text(), nullable=False),
    sa.Column('note_en', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_search_glossary_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_glossary'))
    )

    op.create_table('search_lessons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('context_fr', sa.Text(), nullable=False),
    sa.Column('context_en', sa.Text(), nullable=False),
    sa.Column('outcome_fr', sa.Text(), nullable=False),
    sa.Column('outcome_en', sa.Text(), nullable=False),
    sa.Column('recommendation_fr', sa.Text(), nullable=False),
    sa.Column('recommendation_en', sa.Text(), nullable=False),
    sa.Column('pillar', sa.String(length=20), nullable=True),
    sa.Column('jurisdiction_code', sa.String(length=2), nullable=True),
    sa.Column('population_fr', sa.String(length=300), nullable=False),
    sa.Column('population_en', sa.String(length=300), nullable=False),
    sa.Column('visibility', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_search_lessons_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_search_lessons_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_lessons'))
    )

    op.create_table('search_saved',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=500), nullable=False),
    sa.Column('filters', sa.String(length=1000), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('weekly', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_sent_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_search_saved_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_saved'))
    )

    with op.batch_alter_table('search_saved', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_saved_user_id'), ['user_id'], unique=False)

    op.create_table('search_lesson_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_search_lesson_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['search_lessons.id'], name=op.f('fk_search_lesson_comments_lesson_id_search_lessons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_lesson_comments'))
    )

    with op.batch_alter_table('search_lesson_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_lesson_comments_lesson_id'), ['lesson_id'], unique=False)


def downgrade():
    with op.batch_alter_table('search_lesson_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_lesson_comments_lesson_id'))

    op.drop_table('search_lesson_comments')

    with op.batch_alter_table('search_saved', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_saved_user_id'))

    op.drop_table('search_saved')

    op.drop_table('search_lessons')

    op.drop_table('search_glossary')

    op.drop_table('search_evaluation_findings')
