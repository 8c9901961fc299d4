"""Index for featured-first review lists.

Revision ID: ebda7fc3cf8d
Revises: a9ed0be26839
Create Date: 2026-11-21 23:09:28.528373
"""

from alembic import op

revision = "ebda7fc3cf8d"
down_revision = "a9ed0be26839"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reviews_business_status_featured_created",
            ["business_id", "status", "featured", "created_at", "id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_business_status_featured_created")
