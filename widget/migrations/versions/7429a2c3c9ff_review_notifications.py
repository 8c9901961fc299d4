"""Owners' e-mail about new reviews: instant, daily digest or off.

Revision ID: 7429a2c3c9ff
Revises: 82e52d4f5d9e
Create Date: 2026-11-22 00:33:21.073579

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7429a2c3c9ff'
down_revision = '82e52d4f5d9e'
branch_labels = None
depends_on = None


def upgrade():

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify', sa.String(length=16), nullable=False, server_default='instant'))
        batch_op.add_column(sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True))




def downgrade():

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('last_digest_at')
        batch_op.drop_column('notify')


