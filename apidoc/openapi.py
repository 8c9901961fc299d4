"""The OpenAPI 3 document of the public and owner APIs, built by apispec from the same
marshmallow schemas that check requests, served at ``/api/v1/openapi.json`` and as a
readable page at ``/api/docs`` that needs no network.

A test checks that every ``/api/v1`` route is described here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, jsonify, render_template
from marshmallow import Schema, fields

from admin.schemas import (
    ExportQuerySchema,
    FeatureSchema,
    ModerationSchema,
    ReplyInputSchema,
    WebhookSchema,
)
from embed.schemas import (
    ReportSchema,
    ReviewListQuerySchema,
    ReviewSubmissionSchema,
    WidgetQuerySchema,
)
from widget.schemas import OwnerReviewSchema, PublicReviewSchema

bp = Blueprint("apidoc", __name__, template_folder="templates")

SLUG = {"in": "path", "name": "slug", "required": True, "schema": {"type": "string"}}
REVIEW_ID = {
    "in": "path",
    "name": "review_id",
    "required": True,
    "schema": {"type": "integer"},
}
KEY = [{"apiKey": []}]


class ErrorSchema(Schema):
    error = fields.String(metadata={"description": "A stable code, e.g. not_found."})
    message = fields.String(metadata={"description": "What went wrong, for people."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={
            "description": "Messages per field (422): a list of texts, or for a list's "
            "items and nested objects the same shape by index or key."
        },
    )


class SummarySchema(Schema):
    count = fields.Integer()
    average = fields.Float(allow_none=True)
    sum = fields.Integer()
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer())


class BusinessSchema(Schema):
    slug = fields.String()
    name = fields.String()
    url = fields.String(allow_none=True)


class WidgetDefaultsSchema(Schema):
    """The owner's widget defaults, used where the snippet sets no data-theme or
    data-accent (null: the widget's own)."""

    theme = fields.String(allow_none=True)
    accent = fields.String(allow_none=True)


class WidgetSchema(Schema):
    business = fields.Nested(BusinessSchema)
    summary = fields.Nested(SummarySchema)
    reviews = fields.List(fields.Nested(PublicReviewSchema))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()
    disclosure = fields.String()
    defaults = fields.Nested(WidgetDefaultsSchema)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class ReviewPageSchema(Schema):
    reviews = fields.List(fields.Nested(OwnerReviewSchema))
    next_cursor = fields.String(allow_none=True)
    per_page = fields.Integer()
    total = fields.Integer(allow_none=True)


class FormSchema(Schema):
    form_token = fields.String()
    honeypot = fields.String()
    challenge = fields.Dict(allow_none=True)


class CreatedSchema(Schema):
    id = fields.Integer()
    status = fields.String()


class WebhookOutSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    created_at = fields.DateTime()
    secret = fields.String(metadata={"description": "Only in the answer to POST."})


def _answer(description: str, schema: Any = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if schema is not None:
        answer["content"] = {"application/json": {"schema": schema}}
    return answer


def _json_body(schema: Any) -> dict[str, Any]:
    """A required JSON request body of ``schema``."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "404": _answer("No such business (or not yours)", "Error"),
    "422": _answer("Invalid input, with messages per field", "Error"),
}
OWNER_ERRORS = {"401": _answer("No API key, or a bad one", "Error"), **ERRORS}


@cache
def build() -> dict[str, Any]:
    spec = APISpec(
        title="Vouch API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Public endpoints need no key and allow any origin. Owner endpoints "
                "take `Authorization: Bearer <key>` (`flask --app wsgi create-api-key "
                "SLUG`); a key works for its own business only. Errors are "
                "`{error, message, errors?}`; validation messages follow "
                "`Accept-Language` (en, nl, de, fr)."
            )
        },
    )
    spec.components.security_scheme("apiKey", {"type": "http", "scheme": "bearer"})
    for name, schema in (
        # Nested schemas first, so the ones that nest them refer to these names.
        ("PublicReview", PublicReviewSchema),
        ("OwnerReview", OwnerReviewSchema),
        ("Summary", SummarySchema),
        ("Business", BusinessSchema),
        ("Error", ErrorSchema),
        ("Widget", WidgetSchema),
        ("ReviewPage", ReviewPageSchema),
        ("Form", FormSchema),
        ("Created", CreatedSchema),
        ("Submission", ReviewSubmissionSchema),
        ("Report", ReportSchema),
        ("Moderation", ModerationSchema),
        ("Reply", ReplyInputSchema),
        ("Feature", FeatureSchema),
        ("WebhookIn", WebhookSchema),
        ("Webhook", WebhookOutSchema),
    ):
        spec.components.schema(name, schema=schema)
    base = "/api/v1/businesses/{slug}"
    spec.path(
        path=f"{base}/widget",
        operations={
            "get": {
                "tags": ["public"],
                "summary": "Everything one widget needs, in one cacheable response",
                "parameters": [SLUG, {"in": "query", "schema": WidgetQuerySchema}],
                "responses": {
                    "200": _answer("Summary, a page of reviews, disclosure", "Widget"),
                    "304": _answer("Not modified (If-None-Match)"),
                    **ERRORS,
                },
            }
        },
    )
    spec.path(
        path=f"{base}/reviews",
        operations={
            "get": {
                "tags": ["public", "owner"],
                "summary": "Published reviews; other statuses with the business's key",
                "parameters": [SLUG, {"in": "query", "schema": ReviewListQuerySchema}],
                "responses": {
                    "200": _answer("A keyset page", "ReviewPage"),
                    "401": _answer("A status other than published, without a key"),
                    **ERRORS,
                },
            },
            "post": {
                "tags": ["public"],
                "summary": "Submit a review (first GET …/form for its token)",
                "parameters": [SLUG],
                "requestBody": _json_body("Submission"),
                "responses": {
                    "201": _answer(
                        "Stored (status: pending, published or spam)", "Created"
                    ),
                    "403": _answer(
                        "Sent from a site the business does not allow", "Error"
                    ),
                    "409": _answer(
                        "Form token used twice, or Idempotency-Key reused", "Error"
                    ),
                    "413": _answer("Larger than 16 KiB", "Error"),
                    "415": _answer("Not JSON", "Error"),
                    "429": _answer(
                        "Too many reviews from this client or for this business",
                        "Error",
                    ),
                    **ERRORS,
                },
            },
        },
    )
    spec.path(
        path=f"{base}/form",
        operations={
            "get": {
                "tags": ["public"],
                "summary": "A one-time form token, the honeypot's name, a challenge",
                "parameters": [SLUG],
                "responses": {"200": _answer("For one form", "Form"), **ERRORS},
            }
        },
    )
    spec.path(
        path=f"{base}/reviews/{{review_id}}/reports",
        operations={
            "post": {
                "tags": ["public"],
                "summary": "Report a published review",
                "parameters": [SLUG, REVIEW_ID],
                "requestBody": _json_body("Report"),
                "responses": {
                    "201": _answer("Recorded"),
                    "429": _answer("Too many reports", "Error"),
                    **ERRORS,
                },
            }
        },
    )
    for path, method, summary, body, answer in (
        (
            "/reviews/{review_id}/moderation",
            "post",
            "Publish, reject, spam or restore",
            "Moderation",
            "OwnerReview",
        ),
        (
            "/reviews/{review_id}/reply",
            "put",
            "Set or remove the public reply",
            "Reply",
            "OwnerReview",
        ),
        (
            "/reviews/{review_id}/featured",
            "put",
            "Feature a published review in the widget",
            "Feature",
            "OwnerReview",
        ),
    ):
        spec.path(
            path=base + path,
            operations={
                method: {
                    "tags": ["owner"],
                    "summary": summary,
                    "security": KEY,
                    "parameters": [SLUG, REVIEW_ID],
                    "requestBody": _json_body(body),
                    "responses": {
                        "200": _answer("The review", answer),
                        "409": _answer("Not allowed in the review's state", "Error"),
                        **OWNER_ERRORS,
                    },
                }
            },
        )
    spec.path(
        path=f"{base}/reviews/{{review_id}}",
        operations={
            "delete": {
                "tags": ["owner"],
                "summary": "Delete a review for good (the audit log keeps the record)",
                "security": KEY,
                "parameters": [SLUG, REVIEW_ID],
                "responses": {"204": _answer("Deleted"), **OWNER_ERRORS},
            }
        },
    )
    spec.path(
        path=f"{base}/export",
        operations={
            "get": {
                "tags": ["owner"],
                "summary": "Every review matching the filters, as CSV or JSON",
                "security": KEY,
                "parameters": [SLUG, {"in": "query", "schema": ExportQuerySchema}],
                "responses": {
                    "200": {
                        "description": "A download, streamed",
                        "content": {"text/csv": {}, "application/json": {}},
                    },
                    **OWNER_ERRORS,
                },
            }
        },
    )
    spec.path(
        path=f"{base}/webhooks",
        operations={
            "get": {
                "tags": ["owner"],
                "summary": "The business's webhooks",
                "security": KEY,
                "parameters": [SLUG],
                "responses": {
                    "200": _answer(
                        "{webhooks: [...]}",
                        {
                            "type": "object",
                            "properties": {
                                "webhooks": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Webhook"},
                                }
                            },
                        },
                    ),
                    **OWNER_ERRORS,
                },
            },
            "post": {
                "tags": ["owner"],
                "summary": "Add a webhook; the answer holds its secret, once",
                "security": KEY,
                "parameters": [SLUG],
                "requestBody": _json_body("WebhookIn"),
                "responses": {"201": _answer("Added", "Webhook"), **OWNER_ERRORS},
            },
        },
    )
    spec.path(
        path=f"{base}/webhooks/{{webhook_id}}",
        operations={
            "delete": {
                "tags": ["owner"],
                "summary": "Remove a webhook",
                "security": KEY,
                "parameters": [
                    SLUG,
                    {
                        "in": "path",
                        "name": "webhook_id",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                ],
                "responses": {"204": _answer("Removed"), **OWNER_ERRORS},
            }
        },
    )
    document = spec.to_dict()
    _document_body_errors(document)
    _document_blank_filters(document, f"{base}/export")
    return document


def _document_blank_filters(document: dict[str, Any], path: str) -> None:
    """The export takes the panel's filter form as it is sent: an empty filter is
    one not given (``QueueQuerySchema`` drops it)."""
    blank = {"type": "string", "maxLength": 0}
    for parameter in document["paths"][path]["get"]["parameters"]:
        if (
            parameter["in"] == "query"
            and parameter["name"] in ExportQuerySchema._declared_fields
        ):
            parameter["schema"] = {"anyOf": [parameter["schema"], blank]}


def _document_body_errors(document: dict[str, Any]) -> None:
    """Every operation that reads a JSON body answers these (``widget.http.json_body``)
    besides its own errors."""
    error = {"$ref": "#/components/schemas/Error"}
    answers = {
        "400": _answer("The body is not valid JSON", error),
        "413": _answer("The body is too large", error),
        "415": _answer("The body is not JSON", error),
    }
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                for code, answer in answers.items():
                    operation["responses"].setdefault(code, answer)


@bp.get("/api/v1/openapi.json")
def document():
    response = jsonify(build())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/api/docs")
def docs():
    """A readable page of the same document, with no scripts and nothing remote."""
    return render_template("apidoc/docs.html", spec=build())
