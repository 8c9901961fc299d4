"""Each user's time zone for the panel and their e-mails (none: the business's).

Revision ID: e5f6a7b8c9d1
Revises: d4e5f6a7b8c0
Create Date: 2026-11-29 19:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = "e5f6a7b8c9d1"
down_revision = "d4e5f6a7b8c0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=64)))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("timezone")
