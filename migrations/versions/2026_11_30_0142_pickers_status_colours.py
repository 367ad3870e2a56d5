"""commitments: each plan status gets a colour from the accessible palette and a "needs attention" flag

Revision ID: 0142_pickers_status_colours
Revises: 0141_glossary_terminology
Create Date: 2026-11-30 12:55:00

The dashboard counted "at_risk" and "delayed" by their keys; now it counts the statuses flagged. Existing
statuses get the colours and flags of the default list by key (at risk and delayed need attention); others
are grey and not flagged until the secretariat says otherwise in the plan's settings.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0142_pickers_status_colours'
down_revision = '0141_glossary_terminology'
branch_labels = None
depends_on = None

DEFAULTS = {"not_started": ("grey", False), "on_track": ("green", False), "at_risk": ("amber", True),
            "delayed": ("red", True), "completed": ("blue", False), "ongoing": ("teal", False),
            "cancelled": ("grey", False)}


def upgrade():
    with op.batch_alter_table('cm_plan_statuses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('colour', sa.String(length=20), nullable=False, server_default='grey'))
        batch_op.add_column(sa.Column('needs_attention', sa.Boolean(), nullable=False, server_default=sa.false()))
    statuses = sa.table('cm_plan_statuses', sa.column('key', sa.String), sa.column('colour', sa.String),
                        sa.column('needs_attention', sa.Boolean))
    for key, (colour, attention) in DEFAULTS.items():
        op.execute(statuses.update().where(statuses.c.key == key)
                   .values(colour=colour, needs_attention=attention))


def downgrade():
    with op.batch_alter_table('cm_plan_statuses', schema=None) as batch_op:
        batch_op.drop_column('needs_attention')
        batch_op.drop_column('colour')
