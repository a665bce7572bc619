"""what the members' offline app sent, by client id

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 17:00:00

``offline_records``: one row per trace event (or batch) recorded on a phone without a signal,
unique per cooperative and client id, so that a retried sending never records twice
(app/models/offline.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offline_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch_recalled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_offline_records_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["trace_events.id"],
            name=op.f("fk_offline_records_event_id_trace_events"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_offline_records_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_records")),
        sa.UniqueConstraint(
            "cooperative_id", "client_id", name=op.f("uq_offline_records_cooperative_id")
        ),
    )
    with op.batch_alter_table("offline_records") as batch_op:
        batch_op.create_index(batch_op.f("ix_offline_records_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offline_records_batch_id"), ["batch_id"], unique=False)


def downgrade():
    with op.batch_alter_table("offline_records") as batch_op:
        batch_op.drop_index(batch_op.f("ix_offline_records_batch_id"))
        batch_op.drop_index(batch_op.f("ix_offline_records_event_id"))
    op.drop_table("offline_records")
