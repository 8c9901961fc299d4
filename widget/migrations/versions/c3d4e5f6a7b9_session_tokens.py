"""Every user gets a session token, part of each session cookie: renewing it ends
every session of that user.

Revision ID: c3d4e5f6a7b9
Revises: b2c3d4e5f6a8
Create Date: 2026-11-29 18:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa

revision = "c3d4e5f6a7b9"
down_revision = "b2c3d4e5f6a8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token"))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_hex(16))
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("session_token", nullable=False)


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_token")
