"""marketplace templates uploaded by officers, and our categories mapped to theirs

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 21:00:00

``marketplace_templates``: the seller centres' mass-upload workbooks that packs fill (every
upload kept; the newest per marketplace and category is the current one).
``category_mappings``: which of a marketplace's categories each of our categories goes to,
one per (marketplace, our code). See app/models/marketplace_template.py (issue 20).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "marketplace_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("marketplace", sa.String(length=20), nullable=False),
        sa.Column("marketplace_category", sa.String(length=300), nullable=True),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_marketplace_templates_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketplace_templates")),
    )
    with op.batch_alter_table("marketplace_templates") as batch_op:
        batch_op.create_index(
            "ix_marketplace_templates_current", ["marketplace", "marketplace_category"]
        )
    op.create_table(
        "category_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("marketplace", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("marketplace_category", sa.String(length=300), nullable=False),
        sa.Column("mapped_by_id", sa.Integer(), nullable=True),
        sa.Column("mapped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mapped_by_id"],
            ["users.id"],
            name=op.f("fk_category_mappings_mapped_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category_mappings")),
        sa.UniqueConstraint(
            "marketplace", "category", name=op.f("uq_category_mappings_marketplace")
        ),
    )


def downgrade():
    op.drop_table("category_mappings")
    with op.batch_alter_table("marketplace_templates") as batch_op:
        batch_op.drop_index("ix_marketplace_templates_current")
    op.drop_table("marketplace_templates")
