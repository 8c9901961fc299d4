"""API keys carry a scope (read, moderate, manage) and may expire.

Keys made before this could do everything, so they keep the scope "manage".

Revision ID: d4e5f6a7b8c0
Revises: c3d4e5f6a7b9
Create Date: 2026-11-29 18:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "d4e5f6a7b8c0"
down_revision = "c3d4e5f6a7b9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(
            sa.Column(
                "scope", sa.String(length=16), nullable=False, server_default="manage"
            )
        )
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
        batch.create_check_constraint(
            op.f("ck_api_keys_api_key_scope"), "scope IN ('read', 'moderate', 'manage')"
        )


def downgrade():
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_constraint(op.f("ck_api_keys_api_key_scope"), type_="check")
        batch.drop_column("expires_at")
        batch.drop_column("scope")
