"""The dashboard's figures kept as counters: replied and unanswered low ratings on the
summary row, and a row per business and week (counted published reviews and their
stars). Filled from the reviews here; the review service keeps them from now on.

Revision ID: f6a7b8c9d0e2
Revises: e5f6a7b8c9d1
Create Date: 2026-11-29 20:10:00

"""
from datetime import date, datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa

revision = "f6a7b8c9d0e2"
down_revision = "e5f6a7b8c9d1"
branch_labels = None
depends_on = None

LOW_RATING = 2


def upgrade():
    with op.batch_alter_table("rating_summaries") as batch:
        batch.add_column(
            sa.Column("replied", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("unanswered_low", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "review_weeks",
        sa.Column(
            "business_id",
            sa.Integer(),
            sa.ForeignKey("businesses.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("week", sa.Date(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("rating_sum", sa.Integer(), nullable=False),
    )
    _fill(op.get_bind())


def _fill(connection):
    """The counters from the reviews: published ones, imported ones only where the
    business counts them."""
    counted = """
        FROM reviews r JOIN businesses b ON b.id = r.business_id
        WHERE r.status = 'published'
          AND (b.count_imported OR r.source NOT LIKE 'import:%%')
    """.replace("%%", "%")
    for business_id, replied, low in connection.execute(
        sa.text(
            "SELECT r.business_id,"
            " SUM(CASE WHEN r.reply_body IS NOT NULL THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN r.reply_body IS NULL AND r.rating <= {LOW_RATING}"
            " THEN 1 ELSE 0 END) " + counted + " GROUP BY r.business_id"
        )
    ):
        connection.execute(
            sa.text(
                "UPDATE rating_summaries SET replied = :replied,"
                " unanswered_low = :low WHERE business_id = :business"
            ),
            {"replied": replied, "low": low, "business": business_id},
        )
    weeks: dict[tuple[int, date], list[int]] = {}
    for business_id, written, rating in connection.execute(
        sa.text("SELECT r.business_id, r.created_at, r.rating " + counted)
    ):
        if isinstance(written, str):
            written = datetime.fromisoformat(written)
        if written.tzinfo is not None:
            written = written.astimezone(timezone.utc)
        day = written.date()
        week = day - timedelta(days=day.weekday())
        found = weeks.setdefault((business_id, week), [0, 0])
        found[0] += 1
        found[1] += rating
    if weeks:
        connection.execute(
            sa.text(
                "INSERT INTO review_weeks (business_id, week, count, rating_sum)"
                " VALUES (:business, :week, :count, :sum)"
            ),
            [
                {"business": b, "week": w, "count": n, "sum": s}
                for (b, w), (n, s) in weeks.items()
            ],
        )


def downgrade():
    op.drop_table("review_weeks")
    with op.batch_alter_table("rating_summaries") as batch:
        batch.drop_column("unanswered_low")
        batch.drop_column("replied")
