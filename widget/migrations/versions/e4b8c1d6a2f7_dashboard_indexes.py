"""Partial indexes for the dashboard: low ratings without a reply, and replied reviews.

Revision ID: e4b8c1d6a2f7
Revises: d7e3a9b4c2f1
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "e4b8c1d6a2f7"
down_revision = "d7e3a9b4c2f1"
branch_labels = None
depends_on = None

UNANSWERED_LOW = "status = 'published' AND rating <= 2 AND reply_body IS NULL"
REPLIED = "status = 'published' AND reply_body IS NOT NULL"


def upgrade():
    op.create_index(
        "ix_reviews_unanswered_low",
        "reviews",
        ["business_id", "status", "rating", "created_at", "id", "source"],
        sqlite_where=sa.text(UNANSWERED_LOW),
        postgresql_where=sa.text(UNANSWERED_LOW),
    )
    op.create_index(
        "ix_reviews_replied",
        "reviews",
        ["business_id", "status", "source"],
        sqlite_where=sa.text(REPLIED),
        postgresql_where=sa.text(REPLIED),
    )


def downgrade():
    op.drop_index("ix_reviews_replied", table_name="reviews")
    op.drop_index("ix_reviews_unanswered_low", table_name="reviews")
