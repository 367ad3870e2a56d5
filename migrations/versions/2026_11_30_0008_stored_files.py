"""files in the database (portal.files): evidence and consultation attachments move off the data directory

Revision ID: 0008_stored_files
Revises: 0007_codebook
Create Date: 2026-11-30 09:00:00

Every web node then reads the same files, a rollback leaves no orphan, and one database backup holds
everything. Files already on disk (CONCERTO_DATA_DIR/commitments/evidence, .../consultations/attachments)
are copied into the new table; the disk copies are left in place for the operator to remove.
"""
import hashlib
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

from portal.db import UTCDateTime, utcnow

revision = '0008_stored_files'
down_revision = "0007_codebook"
branch_labels = None
depends_on = None

FOLDERS = {"cm_evidence": ("commitments", "evidence"), "consultation_attachments": ("consultations", "attachments")}
TYPE_OF_KIND = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg",
                "csv": "text/csv", "txt": "text/plain",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "odt": "application/vnd.oasis.opendocument.text",
                "ods": "application/vnd.oasis.opendocument.spreadsheet"}


def upgrade():
    stored = op.create_table(
        'stored_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
    )
    for table in FOLDERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
    _copy_files_into_the_database(stored)
    with op.batch_alter_table('cm_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cm_evidence_file_id'), ['file_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cm_evidence_file_id_stored_files'), 'stored_files', ['file_id'],
                                    ['id'])
        batch_op.drop_column('stored_name')
    with op.batch_alter_table('consultation_attachments', schema=None) as batch_op:
        batch_op.alter_column('file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_consultation_attachments_file_id'), ['file_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_consultation_attachments_file_id_stored_files'), 'stored_files',
                                    ['file_id'], ['id'])
        batch_op.drop_constraint('uq_consultation_attachments_stored_name', type_='unique')
        batch_op.drop_column('stored_name')


def _copy_files_into_the_database(stored):
    conn = op.get_bind()
    data_dir = Path(current_app.config["CONCERTO_DATA_DIR"])
    for table, folder in FOLDERS.items():
        kind_column = "content_type" if table == "cm_evidence" else "kind"
        rows = conn.execute(sa.text(f"SELECT id, stored_name, {kind_column} FROM {table} "
                                    "WHERE stored_name IS NOT NULL")).all()
        for row_id, stored_name, kind in rows:
            path = data_dir.joinpath(*folder, stored_name)
            if not path.is_file():
                continue  # lost before this migration: the record stays, its download answers 404
            data = path.read_bytes()
            if table == "cm_evidence":   # evidence kept its content type and its extension in the name
                content_type, kind = kind, stored_name.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")[:10]
            else:
                content_type = TYPE_OF_KIND.get(kind)
            file_id = conn.execute(stored.insert().values(
                kind=kind, content_type=content_type or "application/octet-stream", size=len(data),
                sha256=hashlib.sha256(data).hexdigest(), created_at=utcnow(), content=data)
                .returning(stored.c.id)).scalar_one()
            conn.execute(sa.text(f"UPDATE {table} SET file_id = :f WHERE id = :i"), {"f": file_id, "i": row_id})
    # An attachment whose file was already gone cannot be served: drop it rather than keep a dangling row.
    conn.execute(sa.text("DELETE FROM consultation_attachments WHERE file_id IS NULL"))


def downgrade():
    with op.batch_alter_table('consultation_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_name', sa.String(length=80), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_consultation_attachments_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_consultation_attachments_file_id'))
        batch_op.drop_column('file_id')
    with op.batch_alter_table('cm_evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_name', sa.String(length=100), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_cm_evidence_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cm_evidence_file_id'))
        batch_op.drop_column('file_id')
    op.drop_table('stored_files')
