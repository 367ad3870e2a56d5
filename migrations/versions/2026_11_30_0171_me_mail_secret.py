"""mail_outbox.secret: a message carrying a secret link (password reset, invitation) has its body blanked once
it is sent, so the outbox keeps no usable token

Revision ID: 0171_me_mail_secret
Revises: 0170_accounts_password_resets
Create Date: 2026-11-30 17:35:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0171_me_mail_secret"
down_revision = "0170_accounts_password_resets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.add_column(sa.Column("secret", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.drop_column("secret")
