"""cooperative changes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:15:00

(Placeholder in the chain; filled in by the change that needs it.)
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
