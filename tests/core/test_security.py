"""Security headers, session cookies, safe redirects and error pages."""

import pytest

from app.core.security import safe_next_url
from tests.factories import PASSWORD

PAGES = ["/", "/lokalsamhallen", "/konto/logga-in", "/finns-inte"]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, _sep, value = part.strip().partition(" ")
        directives[name] = value
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(client, path):
    directives = csp_directives(client.get(path))

    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"
    policy = client.get(path).headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_other_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin",
                                          "no-referrer")
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]


def test_static_files_and_redirects_get_the_headers_too(client):
    for path in ("/static/css/main.css", "/konto"):
        response = client.get(path)
        response.close()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_scripts_or_styles(client):
    for path in PAGES:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html
        assert " style=" not in html
        assert "<style" not in html


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make):
    make.user(email="anna@example.org")
    client.post("/konto/logga-in", data={"email": "anna@example.org", "password": PASSWORD,
                                         "remember": "y"})
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        assert cookie.http_only, name
        assert cookie.same_site == "Lax", name


def test_production_cookies_are_secure():
    from app.config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.REMEMBER_COOKIE_SECURE


@pytest.mark.parametrize("target", [
    "//evil.example", "///evil.example", "https://evil.example", "http://evil.example/x",
    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", " //evil.example",
    "/\tevil", "/\nevil", "/\r\nSet-Cookie: x=1", "", None, "evil.example",
])
def test_safe_next_url_refuses_anything_off_site(target):
    assert safe_next_url(target) is None


@pytest.mark.parametrize("target", ["/", "/konto", "/lokalsamhallen/norrby?sida=2#x"])
def test_safe_next_url_accepts_local_paths(target):
    assert safe_next_url(target) == target


def error_page(response, code: int) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert "<main" in html
    assert str(code) in html
    return html


def test_an_unknown_page_is_a_friendly_404(client):
    error_page(client.get("/finns-inte"), 404)


def test_a_forbidden_page_is_a_friendly_403(login_as, make):
    error_page(login_as(make.user()).get("/admin"), 403)


def test_a_wrong_method_is_a_friendly_405(client):
    error_page(client.get("/konto/logga-ut"), 405)
    error_page(client.put("/"), 405)


def test_a_broken_link_is_a_friendly_400(client):
    response = client.get("/konto/verifiera/x")
    assert response.status_code == 400
    assert 'href="/konto/glomt-losenord"' in response.get_data(as_text=True)


def test_an_expired_form_is_a_friendly_400(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/konto/logga-in", data={"email": "a@example.org",
                                                        "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    error_page(response, 400)


def test_api_errors_are_json(client):
    response = client.get("/api/finns-inte")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_an_error_page_in_english_says_html_lang_en(client):
    client.post("/sprak", data={"language": "en"})
    assert '<html lang="en">' in client.get("/finns-inte").get_data(as_text=True)


def test_an_unusual_client_error_keeps_its_status_instead_of_becoming_a_500(client):
    response = client.get("/static/css/main.css", headers={"Range": "bytes=99999999-"})
    response.close()
    assert response.status_code == 416
    assert "<main" in response.get_data(as_text=True)
