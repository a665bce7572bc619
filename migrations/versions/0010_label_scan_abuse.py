"""label scan abuse

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:15:00

A scan keeps a second salted daily hash, of the visitor's network (the IPv4 address or the
IPv6 /64) alone: a genuine label looks copied only when enough distinct networks opened it,
and forged codes are recorded a few per network a day, whatever User-Agent is sent. A
partial index finds today's recorded forged codes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

FORGED = sa.text("serial_check = 'forged'")


def upgrade():
    with op.batch_alter_table("scans") as batch_op:
        batch_op.add_column(sa.Column("network", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_scans_forged_day", ["day"], postgresql_where=FORGED, sqlite_where=FORGED
        )


def downgrade():
    with op.batch_alter_table("scans") as batch_op:
        batch_op.drop_index("ix_scans_forged_day")
        batch_op.drop_column("network")
