"""mail_outbox.sending_at and message_id: each message is marked "sending" in its own transaction before it is
handed to the SMTP server and keeps one Message-ID, so a killed scheduler sends nothing twice but the one
message in flight, and that one with the same Message-ID

Revision ID: 0154_pages_mail_sending
Revises: 0153_pages_content_stamps
Create Date: 2026-11-30 16:00:00
"""
import sqlalchemy as sa
from alembic import op

from portal.db import UTCDateTime

revision = "0154_pages_mail_sending"
down_revision = "0153_pages_content_stamps"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.add_column(sa.Column("sending_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(length=250), nullable=True))


def downgrade():
    with op.batch_alter_table("mail_outbox") as batch:
        batch.drop_column("message_id")
        batch.drop_column("sending_at")
