"""sessions and sign-in security

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:15:00

Every user gets a random session token, Flask-Login's alternative id: sessions and remember
cookies name it, so replacing it (sign-out, new password, deactivation, "sign out
everywhere") ends them. Existing accounts get a token each; sessions and remember cookies
issued before this revision name a numeric id and stop working (everyone signs in once more).
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_users_session_token"), ["session_token"], unique=True)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_session_token"))
        batch_op.drop_column("session_token")
