"""cm_tombstones: what left the open data (deleted, or made internal), for harvesters syncing with updated_since

Revision ID: 0161_leftovers_tombstones
Revises: 0160_accounts_sign_in_throttle
Create Date: 2026-11-30 16:20:00
"""
import sqlalchemy as sa
from alembic import op

from portal.db import UTCDateTime

revision = "0161_leftovers_tombstones"
down_revision = "0160_accounts_sign_in_throttle"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cm_tombstones",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("cm_plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("commitment_ref", sa.String(40), nullable=True),
        sa.Column("fiscal_year", sa.String(9), nullable=True),
        sa.Column("funding_source", sa.String(20), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_cm_tombstones_plan_id", "cm_tombstones", ["plan_id"])
    op.create_index("ix_cm_tombstones_deleted_at", "cm_tombstones", ["deleted_at"])


def downgrade():
    op.drop_table("cm_tombstones")
