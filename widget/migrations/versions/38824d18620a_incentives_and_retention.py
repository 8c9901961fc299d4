"""Business settings: incentives given, and how long personal data is kept.

Revision ID: 38824d18620a
Revises: 5c4666063e78
Create Date: 2026-11-22 00:25:04.909829

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '38824d18620a'
down_revision = '5c4666063e78'
branch_labels = None
depends_on = None


def upgrade():

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incentives', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))




def downgrade():

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.drop_column('retention_days')
        batch_op.drop_column('incentives')


