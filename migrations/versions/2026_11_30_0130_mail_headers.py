"""mail outbox: extra headers per message (List-Unsubscribe for follows' emails)

Revision ID: 0130_mail_headers
Revises: 0110_pg_search
Create Date: 2026-11-30 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0130_mail_headers"
down_revision = "0110_pg_search"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.drop_column("headers")
