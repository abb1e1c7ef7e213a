"""Browser tests: the real app behind a real HTTP server, driven by Chromium.

One server and one browser serve the whole session; every test gets a fresh
browser context (no cookies carried over). Every page a test visits is
checked with axe-core for WCAG 2.1 A/AA through `check_a11y`.

Data made with the `make` factories is committed, so the server thread sees
it; the autouse fixture of tests/conftest.py empties the tables after each
test, after the test's browser context is closed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.e2e_support import chromium_path
from tests.factories import PASSWORD

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = chromium_path()
SKIP_REASON = ("Chromium was not found (install the Debian package 'chromium' or set "
               "CHROMIUM_PATH): browser tests skipped")

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if CHROMIUM is None:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The session's app served on a free local port; yields its base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        # Close the pooled connections the server threads opened, so none is
        # left for the garbage collector (a ResourceWarning with psycopg).
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser, live_server):
    # bypass_csp lets axe be injected despite the strict Content-Security-Policy.
    context = browser.new_context(base_url=live_server, bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, live_server):
    """A page that fails the test if anything opens a dialog (e.g. injected script),
    a script fails, or a stylesheet, image or script cannot be loaded."""
    page = context.new_page()
    problems: list[str] = []

    def on_dialog(dialog):
        problems.append(f"dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def on_request(request):
        if not request.url.startswith((live_server + "/", "data:")):
            problems.append(f"request to another site: {request.url}")

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield page
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe-core WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
               "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


# The strict CSP forbids these; bypass_csp (needed for axe) would hide them.
_INLINE_CODE_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'style') found.push('<style> element');
    if (tag === 'script' && !el.hasAttribute('src')) found.push('inline <script>');
    for (const attr of el.attributes) {
      if (attr.name === 'style' || attr.name.startsWith('on')) {
        found.push(attr.name + ' attribute on <' + tag + '>');
      }
    }
  }
  return found;
}"""


def check_a11y(page) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations.

    Also fails on inline styles and scripts, which the CSP would block."""
    inline = page.evaluate(_INLINE_CODE_JS)
    assert not inline, f"Inline code the CSP blocks on {page.url}: {inline}"
    violations = axe_violations(page)
    if violations:
        pytest.fail(_format_violations(page.url, violations), pytrace=False)


def submit(page, form: str = "main form") -> None:
    """Press the submit button of a form (by default the page's main form) and
    wait until the page it leads to has loaded, stylesheets included."""
    with page.expect_navigation(wait_until="load"):
        page.locator(f"{form} button[type=submit]").first.click()


def follow(page, locator) -> None:
    """Click a link (or a button that leaves the page) and wait until the page
    it leads to has loaded, so nothing runs against the page being replaced."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait until signed in."""
    page.goto("/konto/logga-in")
    page.fill("#email", email)
    page.fill("#password", password)
    submit(page)
    page.wait_for_selector("form[action$='/konto/logga-ut']", state="attached")
