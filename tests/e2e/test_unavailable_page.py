"""The page shown while the database cannot be reached is accessible and fits a phone."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, check_a11y
from tests.e2e.test_layout import HORIZONTAL_OVERFLOW_JS, SMALL_TARGETS_JS
from tests.support.apps import separate_app


@pytest.fixture
def outage_server(tmp_path) -> Iterator[str]:
    """An app whose SQLite database lies in a folder that does not exist."""
    url = f"sqlite:///{tmp_path / 'unmounted' / 'inflytande.db'}"
    with separate_app(url, PROPAGATE_EXCEPTIONS=False) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_unavailable_page_is_accessible_and_fits(browser, outage_server, width):
    context = browser.new_context(base_url=outage_server, bypass_csp=True,
                                  viewport={"width": width, "height": 800})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    failed_assets: list[str] = []
    try:
        page = context.new_page()
        page.on("response", lambda r: failed_assets.append(r.url)
                if r.request.resource_type != "document" and r.status >= 400 else None)
        response = page.goto("/forslag")
        assert response.status == 503
        assert page.locator("h1").inner_text() == "Tjänsten går inte att använda just nu"
        assert failed_assets == []
        check_a11y(page)
        assert page.evaluate(HORIZONTAL_OVERFLOW_JS) == []
        assert page.evaluate(SMALL_TARGETS_JS) == []
    finally:
        context.close()
