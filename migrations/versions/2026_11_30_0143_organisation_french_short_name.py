"""organisations: the French short name (GRC for RCMP, SP for PS), filled for the federal departments

Revision ID: 0143_org_short_name_fr
Revises: 0142_pickers_status_colours
Create Date: 2026-11-30 13:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0143_org_short_name_fr"
down_revision = "0142_pickers_status_colours"
branch_labels = None
depends_on = None

# The Federal Identity Program's French forms of the departments' English acronyms.
FRENCH = {
    "PS": "SP", "RCMP": "GRC", "CBSA": "ASFC", "ESDC": "EDSC", "GAC": "AMC", "WAGE": "FEGC", "FINTRAC": "CANAFE",
    "PPSC": "SPPC", "ISC": "SAC", "CIRNAC": "RCAANC", "PHAC": "ASPC", "HRSDC": "RHDCC", "DFAIT": "AECIC",
    "SWC": "CFC", "AANDC": "AADNC", "CIDA": "ACDI", "STATCAN": "StatCan", "NWAC": "AFAC", "CWF": "FCF",
}


def upgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("short_name_fr", sa.String(length=40), nullable=True))
    orgs = sa.table("organisations", sa.column("short_name", sa.String), sa.column("short_name_fr", sa.String))
    for en, fr in FRENCH.items():
        op.execute(orgs.update().where(orgs.c.short_name == en).values(short_name_fr=fr))


def downgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("short_name_fr")
