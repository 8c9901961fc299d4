"""The public face: a business's logo (re-encoded PNG and its digest) and, per review,
whether its author asked for an e-mail when it is published.

Revision ID: a7b8c9d0e1f3
Revises: f6a7b8c9d0e2
Create Date: 2026-11-29 22:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "a7b8c9d0e1f3"
down_revision = "f6a7b8c9d0e2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("businesses") as batch:
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("logo_digest", sa.String(16), nullable=True))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(
            sa.Column(
                "notify_when_published",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("notify_when_published")
    with op.batch_alter_table("businesses") as batch:
        batch.drop_column("logo_digest")
        batch.drop_column("logo")
