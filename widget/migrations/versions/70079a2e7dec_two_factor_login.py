"""Two-factor login: TOTP secret, last step used, recovery codes.

Revision ID: 70079a2e7dec
Revises: 38824d18620a
Create Date: 2026-11-22 00:27:25.360288

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '70079a2e7dec'
down_revision = '38824d18620a'
branch_labels = None
depends_on = None


def upgrade():

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recovery_codes', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))




def downgrade():

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('recovery_codes')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')


