"""Each user's language for the admin panel; widget defaults per business.

Revision ID: c5d2e9a1f3b6
Revises: b3c1f0d2a7e4
Create Date: 2026-11-22 01:50:00

"""
from alembic import op
import sqlalchemy as sa

revision = "c5d2e9a1f3b6"
down_revision = "b3c1f0d2a7e4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=8), nullable=True))
    with op.batch_alter_table("businesses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("widget_theme", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("widget_accent", sa.String(length=7), nullable=True))


def downgrade():
    with op.batch_alter_table("businesses", schema=None) as batch_op:
        batch_op.drop_column("widget_accent")
        batch_op.drop_column("widget_theme")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locale")
