"""Membership.notify, ImportBatch.state and Report.resolution hold one of fixed values.

Revision ID: f1a2b3c4d5e6
Revises: e4b8c1d6a2f7
Create Date: 2026-11-29 16:30:00

"""
from alembic import op

revision = "f1a2b3c4d5e6"
down_revision = "e4b8c1d6a2f7"
branch_labels = None
depends_on = None

CHECKS = [
    ("memberships", "ck_memberships_membership_notify",
     "notify IN ('instant', 'daily', 'off')"),
    ("import_batches", "ck_import_batches_import_state",
     "state IN ('preview', 'importing', 'done', 'cancelled')"),
    ("reports", "ck_reports_report_resolution",
     "resolution IN ('kept', 'withheld')"),
]


def upgrade():
    for table, name, condition in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(op.f(name), condition)


def downgrade():
    for table, name, _condition in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(name), type_="check")
