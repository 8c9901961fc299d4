"""The API's own documentation: the OpenAPI document and its readable page."""
