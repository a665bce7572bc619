"""cooperatives may take orders by bank transfer from their product pages

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 17:45:00

``cooperatives.sells_by_transfer``: whether a product page offers a VietQR code with the
variant's price and the buyer's phone in the transfer message (issue 19). Off for every
cooperative until its bank form says so.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cooperatives") as batch:
        batch.add_column(
            sa.Column(
                "sells_by_transfer", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("cooperatives") as batch:
        batch.drop_column("sells_by_transfer")
