"""cooperative changes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:15:00

The append-only record of changes to a cooperative's tax code, registration number, bank
account and place: who, when, the old and the new value. A member's move of their
cooperative is a request; the officer's answer is a row of its own pointing at it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cooperative_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("old_value", sa.String(length=200), nullable=True),
        sa.Column("new_value", sa.String(length=200), nullable=True),
        sa.Column("answers_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answers_id"],
            ["cooperative_changes.id"],
            name=op.f("fk_cooperative_changes_answers_id_cooperative_changes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_cooperative_changes_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cooperative_changes_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperative_changes")),
    )
    with op.batch_alter_table("cooperative_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperative_changes_answers_id"), ["answers_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cooperative_changes_cooperative_id"), ["cooperative_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("cooperative_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperative_changes_cooperative_id"))
        batch_op.drop_index(batch_op.f("ix_cooperative_changes_answers_id"))
    op.drop_table("cooperative_changes")
