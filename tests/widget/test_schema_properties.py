"""Hypothesis on every input schema: whatever arrives (JSON-like values, query-string
values, each schema's own field names with wrong or hostile values), loading gives
clean data or a ValidationError with messages per field, never another exception, and
text that loads is plain text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from admin.schemas import (
    export_query,
    feature_schema,
    moderation_schema,
    queue_query,
    reply_schema,
    settings_schema,
    webhook_schema,
)
from embed.schemas import (
    hosted_query,
    report_schema,
    review_list_query,
    submission_schema,
    widget_query,
)
from tests.conftest import app_config
from widget import create_app
from widget.http import plain_messages
from widget.imports import review_schema as imported_review
from widget.invitations import invitee_schema
from widget.schemas import PlainText

JSON_SCHEMAS = [
    submission_schema,
    report_schema,
    moderation_schema,
    reply_schema,
    feature_schema,
    settings_schema,
    webhook_schema,
    imported_review,
    invitee_schema,
]
QUERY_SCHEMAS = [
    widget_query,
    review_list_query,
    hosted_query,
    queue_query,
    export_query,
]

hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.sampled_from(
        ["\x00", "<script>alert(1)</script>", "1e309", "-1", "NaN", " ", "\u202e", "0"]
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n"} | {"\x7f"}


def _documents(schema, values):
    names = list(schema.fields)
    return st.dictionaries(
        st.sampled_from(names) | st.text(max_size=12), values, max_size=len(names) + 2
    )


def _loads_cleanly_or_says_why(schema, document) -> None:
    try:
        loaded = schema.load(document)
    except ValidationError as error:
        messages = plain_messages(error.normalized_messages())
        assert messages and isinstance(messages, dict)
        return
    for name, value in loaded.items():
        field = schema.fields.get(name)
        # Text that is kept or searched for is plain text; opaque values (cursors,
        # tokens) are checked where they are decoded.
        if isinstance(field, PlainText) or name == "q":
            assert value is None or not (set(value) & CONTROL), (name, value)


@pytest.fixture(scope="module")
def schema_app():
    """Schemas need a request (translated messages), not a database."""
    return create_app(app_config("sqlite://"))


SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
)


CASES = [(schema, json_values) for schema in JSON_SCHEMAS] + [
    (schema, hostile_text) for schema in QUERY_SCHEMAS
]


@pytest.mark.parametrize(
    ("schema", "values"), CASES, ids=[type(schema).__name__ for schema, _ in CASES]
)
@SETTINGS
@given(data=st.data())
def test_input_loads_cleanly_or_gives_field_messages(schema_app, schema, values, data):
    """JSON bodies get any JSON-like value; query strings get text."""
    document = data.draw(_documents(schema, values))
    with schema_app.test_request_context():
        _loads_cleanly_or_says_why(schema, document)
