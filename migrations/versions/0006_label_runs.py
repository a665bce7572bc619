"""label runs; serial checks on scans; when a batch was closed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:20:00

A serialized run keeps a counter range and a key instead of one row per code. Scans of a
serial say whether it was genuine; they are counted per code on the serial's page (index on
scans.code). ``batches.closed_on`` dates a batch's sell-out, after which scans look copied.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "label_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("template", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_serial", sa.BigInteger(), nullable=True),
        sa.Column("serial_key", sa.LargeBinary(length=16), nullable=True),
        sa.Column("error_level", sa.String(length=1), nullable=False),
        sa.Column("link", sa.String(length=6), nullable=False),
        sa.Column("full_label", sa.Boolean(), nullable=False),
        sa.Column("cut_marks", sa.Boolean(), nullable=False),
        sa.Column("margin_top", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("margin_left", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("file_key", sa.String(length=120), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("count BETWEEN 1 AND 100000", name=op.f("ck_label_runs_count_range")),
        sa.CheckConstraint(
            "(kind = 'serialized') = (first_serial IS NOT NULL AND serial_key IS NOT NULL)",
            name=op.f("ck_label_runs_serials_iff_serialized"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_label_runs_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_label_runs_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_runs")),
        sa.UniqueConstraint("first_serial", name=op.f("uq_label_runs_first_serial")),
    )
    with op.batch_alter_table("label_runs") as batch_op:
        batch_op.create_index("ix_label_runs_batch_id", ["batch_id"])
    with op.batch_alter_table("scans") as batch_op:
        batch_op.add_column(sa.Column("serial_check", sa.String(length=8), nullable=True))
        batch_op.create_index("ix_scans_code", ["code"])
    with op.batch_alter_table("batches") as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("batches") as batch_op:
        batch_op.drop_column("closed_on")
    with op.batch_alter_table("scans") as batch_op:
        batch_op.drop_index("ix_scans_code")
        batch_op.drop_column("serial_check")
    with op.batch_alter_table("label_runs") as batch_op:
        batch_op.drop_index("ix_label_runs_batch_id")
    op.drop_table("label_runs")
