"""A report keeps its reporter's address as a keyed hash, to count repeats once.

Revision ID: a1b2c3d4e5f7
Revises: f1a2b3c4d5e6
Create Date: 2026-11-29 17:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "a1b2c3d4e5f7"
down_revision = "f1a2b3c4d5e6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("ip_hash", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("ip_hash")
