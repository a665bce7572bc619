"""label scan abuse

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:15:00

(Placeholder in the chain; filled in by the change that needs it.)
"""

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
