"""An e-mail's bodies may be made when it is sent, not when it is queued (a review's
confirmation: the request that stores the review only queues it).

Revision ID: b8c9d0e1f2a4
Revises: a7b8c9d0e1f3
Create Date: 2026-11-30 01:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b8c9d0e1f2a4"
down_revision = "a7b8c9d0e1f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("text_body", existing_type=sa.Text(), nullable=True)
        batch.alter_column("html_body", existing_type=sa.Text(), nullable=True)


def downgrade():
    op.execute("UPDATE outbox SET text_body = '' WHERE text_body IS NULL")
    op.execute("UPDATE outbox SET html_body = '' WHERE html_body IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("text_body", existing_type=sa.Text(), nullable=False)
        batch.alter_column("html_body", existing_type=sa.Text(), nullable=False)
