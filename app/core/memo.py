"""Values kept for the rest of one request (read once, used by several parts
of the page).

Kept in the request's WSGI environ rather than in `g`: `g` belongs to the
application context, which a test (or a command) may keep across several
requests, and what one request read must not answer the next.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

_KEY = "inflytande.request_memo"


def request_memo() -> dict[str, Any]:
    """This request's dict (an empty one, not kept, outside a request)."""
    if not has_request_context():
        return {}
    return request.environ.setdefault(_KEY, {})
