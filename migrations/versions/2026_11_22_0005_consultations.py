"""consultations: papers, questions, submissions, moderation, themes, roundtables

Revision ID: 0005_consultations
Revises: 0004_coalitions
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

import portal.db

revision = "0005_consultations"
down_revision = "0004_coalitions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('summary_fr', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('opens_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('wwh_fr', sa.Text(), nullable=False),
    sa.Column('wwh_en', sa.Text(), nullable=False),
    sa.Column('wwh_published_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('retention_done_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('slug', name=op.f('uq_consultations_slug'))
    )
    op.create_table('stakeholder_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_stakeholder_categories_code'))
    )
    op.create_table('consultation_invited_orgs',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_invited_orgs_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consultation_invited_orgs_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'organisation_id', name=op.f('pk_consultation_invited_orgs'))
    )
    op.create_table('consultation_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('body_fr', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_sections_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_sections'))
    )
    with op.batch_alter_table('consultation_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_sections_consultation_id'), ['consultation_id'], unique=False)
    op.create_table('consultation_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_themes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_themes')),
    sa.UniqueConstraint('consultation_id', 'code', name=op.f('uq_consultation_themes_consultation_id'))
    )
    with op.batch_alter_table('consultation_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_themes_consultation_id'), ['consultation_id'], unique=False)
    op.create_table('roundtables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=2), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('organiser', sa.String(length=300), nullable=False),
    sa.Column('format_fr', sa.String(length=300), nullable=False),
    sa.Column('format_en', sa.String(length=300), nullable=False),
    sa.Column('chatham_house', sa.Boolean(), nullable=False),
    sa.Column('summary_fr', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('evaluation_note_fr', sa.Text(), nullable=False),
    sa.Column('evaluation_note_en', sa.Text(), nullable=False),
    sa.Column('submissions_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_roundtables_consultation_id_consultations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtables'))
    )
    with op.batch_alter_table('roundtables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtables_consultation_id'), ['consultation_id'], unique=False)
    op.create_table('consultation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text_fr', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('choices_fr', sa.Text(), nullable=False),
    sa.Column('choices_en', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['consultation_sections.id'], name=op.f('fk_consultation_questions_section_id_consultation_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_questions'))
    )
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_questions_section_id'), ['section_id'], unique=False)
    op.create_table('consultation_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('roundtable_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('receipt_hash', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('consent_attested', sa.Boolean(), nullable=False),
    sa.Column('stakeholder_category_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('consent', sa.String(length=20), nullable=False),
    sa.Column('attribution_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('moderation', sa.String(length=20), nullable=False),
    sa.Column('moderation_reason', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_submissions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consultation_submissions_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtables.id'], name=op.f('fk_consultation_submissions_roundtable_id_roundtables'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_category_id'], ['stakeholder_categories.id'], name=op.f('fk_consultation_submissions_stakeholder_category_id_stakeholder_categories'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_submissions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_submissions')),
    sa.UniqueConstraint('consultation_id', 'external_id', name=op.f('uq_consultation_submissions_consultation_id')),
    sa.UniqueConstraint('receipt_hash', name=op.f('uq_consultation_submissions_receipt_hash')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_consultation_submissions_token_hash'))
    )
    with op.batch_alter_table('consultation_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_submissions_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_submissions_moderation'), ['moderation'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_submissions_roundtable_id'), ['roundtable_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_submissions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_submissions_user_id'), ['user_id'], unique=False)
    op.create_table('roundtable_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roundtable_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['stakeholder_categories.id'], name=op.f('fk_roundtable_attendance_category_id_stakeholder_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtables.id'], name=op.f('fk_roundtable_attendance_roundtable_id_roundtables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable_attendance')),
    sa.UniqueConstraint('roundtable_id', 'category_id', name=op.f('uq_roundtable_attendance_roundtable_id'))
    )
    with op.batch_alter_table('roundtable_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_attendance_roundtable_id'), ['roundtable_id'], unique=False)
    op.create_table('roundtable_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roundtable_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('statement_fr', sa.Text(), nullable=False),
    sa.Column('statement_en', sa.Text(), nullable=False),
    sa.Column('agree_share', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtables.id'], name=op.f('fk_roundtable_evaluation_roundtable_id_roundtables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable_evaluation'))
    )
    with op.batch_alter_table('roundtable_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_evaluation_roundtable_id'), ['roundtable_id'], unique=False)
    op.create_table('roundtable_key_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roundtable_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading_fr', sa.String(length=200), nullable=False),
    sa.Column('heading_en', sa.String(length=200), nullable=False),
    sa.Column('text_fr', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtables.id'], name=op.f('fk_roundtable_key_points_roundtable_id_roundtables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable_key_points'))
    )
    with op.batch_alter_table('roundtable_key_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_key_points_roundtable_id'), ['roundtable_id'], unique=False)
    op.create_table('consultation_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_answers_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['consultation_submissions.id'], name=op.f('fk_consultation_answers_submission_id_consultation_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_answers')),
    sa.UniqueConstraint('submission_id', 'question_id', name=op.f('uq_consultation_answers_submission_id'))
    )
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_answers_submission_id'), ['submission_id'], unique=False)
    op.create_table('consultation_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('roundtable_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtables.id'], name=op.f('fk_consultation_attachments_roundtable_id_roundtables'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['consultation_submissions.id'], name=op.f('fk_consultation_attachments_submission_id_consultation_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_consultation_attachments_stored_name'))
    )
    with op.batch_alter_table('consultation_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_attachments_roundtable_id'), ['roundtable_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_attachments_submission_id'), ['submission_id'], unique=False)
    op.create_table('consultation_redactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('passage', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['consultation_answers.id'], name=op.f('fk_consultation_redactions_answer_id_consultation_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultation_redactions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['consultation_submissions.id'], name=op.f('fk_consultation_redactions_submission_id_consultation_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_redactions'))
    )
    with op.batch_alter_table('consultation_redactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_redactions_submission_id'), ['submission_id'], unique=False)
    op.create_table('consultation_submission_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('excerpt', sa.Text(), nullable=False),
    sa.Column('quote', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['consultation_answers.id'], name=op.f('fk_consultation_submission_tags_answer_id_consultation_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultation_submission_tags_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['consultation_submissions.id'], name=op.f('fk_consultation_submission_tags_submission_id_consultation_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['consultation_themes.id'], name=op.f('fk_consultation_submission_tags_theme_id_consultation_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_submission_tags'))
    )
    with op.batch_alter_table('consultation_submission_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_submission_tags_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_submission_tags_theme_id'), ['theme_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_submission_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_submission_tags_theme_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_submission_tags_submission_id'))
    op.drop_table('consultation_submission_tags')
    with op.batch_alter_table('consultation_redactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_redactions_submission_id'))
    op.drop_table('consultation_redactions')
    with op.batch_alter_table('consultation_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_attachments_submission_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_attachments_roundtable_id'))
    op.drop_table('consultation_attachments')
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_answers_submission_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_answers_question_id'))
    op.drop_table('consultation_answers')
    with op.batch_alter_table('roundtable_key_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_key_points_roundtable_id'))
    op.drop_table('roundtable_key_points')
    with op.batch_alter_table('roundtable_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_evaluation_roundtable_id'))
    op.drop_table('roundtable_evaluation')
    with op.batch_alter_table('roundtable_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_attendance_roundtable_id'))
    op.drop_table('roundtable_attendance')
    with op.batch_alter_table('consultation_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_submissions_user_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_submissions_status'))
        batch_op.drop_index(batch_op.f('ix_consultation_submissions_roundtable_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_submissions_moderation'))
        batch_op.drop_index(batch_op.f('ix_consultation_submissions_consultation_id'))
    op.drop_table('consultation_submissions')
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_questions_section_id'))
    op.drop_table('consultation_questions')
    with op.batch_alter_table('roundtables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtables_consultation_id'))
    op.drop_table('roundtables')
    with op.batch_alter_table('consultation_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_themes_consultation_id'))
    op.drop_table('consultation_themes')
    with op.batch_alter_table('consultation_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_sections_consultation_id'))
    op.drop_table('consultation_sections')
    op.drop_table('consultation_invited_orgs')
    op.drop_table('stakeholder_categories')
    op.drop_table('consultations')
