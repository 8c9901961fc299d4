"""The stack's ceiling for a write: the least a review can cost on Vouch's stack.

A minimal Flask app answering the form (a random token, no database) and the review:
the body validated by a marshmallow schema with the review's fields, then one row
inserted with one SQLAlchemy Core statement and committed. The database is the one
``BENCH_DATABASE_URL`` names, with Vouch's durability settings on SQLite (WAL,
``synchronous=FULL``, the write lock taken as the transaction begins). No form-token
check, no anti-abuse checks, no summary, audit event, e-mail or idempotency record.
Only Vouch's form, answered before Flask, costs a little less than this one's; the
rest of a Vouch write costs more, so under the same client and gunicorn settings
Vouch's writes cannot go meaningfully faster than this app's.
"""

import os
import secrets
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from marshmallow import Schema, fields, validate
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
)

metadata = MetaData()
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("business_slug", String(80), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("title", String(200)),
    Column("body", Text, nullable=False),
    Column("author_name", String(100), nullable=False),
    Column("author_email", String(254), nullable=False),
    Column("consented", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class ReviewSchema(Schema):
    form_token = fields.String(required=True, validate=validate.Length(max=200))
    rating = fields.Integer(required=True, validate=validate.Range(1, 5))
    title = fields.String(validate=validate.Length(max=200))
    body = fields.String(required=True, validate=validate.Length(1, 5000))
    author_name = fields.String(required=True, validate=validate.Length(1, 100))
    author_email = fields.Email(required=True)
    consent = fields.Boolean(required=True, validate=validate.Equal(True))


schema = ReviewSchema()
engine = create_engine(os.environ["BENCH_DATABASE_URL"])
if engine.dialect.name == "sqlite":

    @event.listens_for(engine, "connect")
    def _durable(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=FULL")

    @event.listens_for(engine, "begin")
    def _write_lock(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


metadata.create_all(engine)
engine.dispose()  # each gunicorn worker opens its own connections
app = Flask(__name__)


@app.get("/api/v1/businesses/<slug>/form")
def form(slug: str):
    response = jsonify(
        form_token=secrets.token_urlsafe(32), honeypot="website", challenge=None
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@app.post("/api/v1/businesses/<slug>/reviews")
def submit(slug: str):
    data = schema.load(request.get_json())
    with engine.begin() as connection:
        review_id = connection.execute(
            insert(reviews).returning(reviews.c.id),
            {
                "business_slug": slug,
                "rating": data["rating"],
                "title": data.get("title"),
                "body": data["body"],
                "author_name": data["author_name"],
                "author_email": data["author_email"],
                "consented": data["consent"],
                "created_at": datetime.now(UTC),
            },
        ).scalar_one()
    return jsonify(id=review_id, status="pending"), 201


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")
