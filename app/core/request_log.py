"""One log line per request, without personal data.

`method route status duration_ms request_id cache`: the route is the URL rule as
written in the code (`/forslag/<reference>`), not the path asked for, so no
token, search text, e-mail address or other value a person typed reaches the
log. Requests that match no route are logged as `<unmatched>`. The request id
is taken from an `X-Request-ID` header when it is short and plain (a proxy's
id, so lines can be joined across the two logs), otherwise made here; it is
sent back in the response's `X-Request-ID`. `cache` says whether the page
cache answered (`hit`), rendered a page it keeps (`miss`), or was not used (`-`).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

log = logging.getLogger("inflytande.requests")
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _start() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if _PLAIN_ID.fullmatch(offered) else uuid.uuid4().hex


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # refused before _start ran, e.g. by the rate limiter
        _start()
        started = None
    response.headers["X-Request-ID"] = g.request_id
    route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    duration = f"{(time.perf_counter() - started) * 1000:.1f}" if started else "-"
    log.info("%s %s %s %s %s %s", request.method, route, response.status_code, duration,
             g.request_id, response.headers.get("X-Page-Cache", "-"))
    return response


def init_app(app: Flask) -> None:
    if app.config.get("REQUEST_LOG", True):
        app.before_request(_start)
        app.after_request(_finish)
