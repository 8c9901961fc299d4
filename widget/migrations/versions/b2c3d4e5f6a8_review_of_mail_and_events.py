"""Outbox messages and webhook deliveries name the review they are about.

Revision ID: b2c3d4e5f6a8
Revises: a1b2c3d4e5f7
Create Date: 2026-11-29 17:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b2c3d4e5f6a8"
down_revision = "a1b2c3d4e5f7"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("outbox", "webhook_deliveries"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
            batch.create_index(f"ix_{table}_review_id", ["review_id"])


def downgrade():
    for table in ("outbox", "webhook_deliveries"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_review_id")
            batch.drop_column("review_id")
