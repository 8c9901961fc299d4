"""Status counts per business, kept with the rating summary.

Revision ID: d7e3a9b4c2f1
Revises: c5d2e9a1f3b6
Create Date: 2026-11-22 03:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "d7e3a9b4c2f1"
down_revision = "c5d2e9a1f3b6"
branch_labels = None
depends_on = None

STATUSES = ("pending", "published", "rejected", "spam")


def upgrade():
    with op.batch_alter_table("rating_summaries", schema=None) as batch_op:
        for status in STATUSES:
            batch_op.add_column(
                sa.Column(status, sa.Integer(), nullable=False, server_default="0")
            )
    for status in STATUSES:
        op.execute(
            f"UPDATE rating_summaries SET {status} = (SELECT count(*) FROM reviews"
            " WHERE reviews.business_id = rating_summaries.business_id"
            f" AND reviews.status = '{status}')"
        )


def downgrade():
    with op.batch_alter_table("rating_summaries", schema=None) as batch_op:
        for status in reversed(STATUSES):
            batch_op.drop_column(status)
