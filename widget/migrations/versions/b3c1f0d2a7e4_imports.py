"""Imports from other platforms: the review's id there, import batches, and whether
imported reviews count.

Revision ID: b3c1f0d2a7e4
Revises: 7429a2c3c9ff
Create Date: 2026-11-22 10:05:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b3c1f0d2a7e4"
down_revision = "7429a2c3c9ff"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("businesses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "count_imported", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=128), nullable=True))
        batch_op.create_index(
            "ix_reviews_business_source_external_id",
            ["business_id", "source", "external_id"],
            unique=True,
        )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_batches_business_id"), ["business_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_business_id"))
    op.drop_table("import_batches")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_business_source_external_id")
        batch_op.drop_column("external_id")
    with op.batch_alter_table("businesses", schema=None) as batch_op:
        batch_op.drop_column("count_imported")
