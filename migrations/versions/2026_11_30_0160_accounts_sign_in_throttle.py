"""accounts: growing delays per account and client replace the account lock-out

Revision ID: 0160_accounts_sign_in_throttle
Revises: 0155_lang_written_in
Create Date: 2026-11-30 16:00:00

"""
from alembic import op
import sqlalchemy as sa
import portal.db


revision = '0160_accounts_sign_in_throttle'
down_revision = '0155_lang_written_in'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_throttle')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_in_throttle_key_hash'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_updated_at'), ['updated_at'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', portal.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_updated_at'))
    op.drop_table('sign_in_throttle')
