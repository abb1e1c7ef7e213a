"""Absolute links for e-mails, which are also built outside requests."""

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base + "/"):
        return base + url_for(endpoint, **values)
