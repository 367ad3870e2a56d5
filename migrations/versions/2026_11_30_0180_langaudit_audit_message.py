"""audit_log.message: a summary kept as its message id and parameters, read in the reader's language

Rows written before keep message NULL and their English summary (shown marked as English): the audit log is
append-only, so no row is rewritten.

Revision ID: 0180_langaudit_audit_message
Revises: 0171_me_mail_secret
Create Date: 2026-11-30 19:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0180_langaudit_audit_message"
down_revision = "0171_me_mail_secret"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("message", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("message")
