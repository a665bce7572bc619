"""sessions and sign-in security

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:15:00

(Placeholder in the chain; filled in by the change that needs it.)
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
