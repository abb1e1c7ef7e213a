"""Static files are served under names with their content hash and cached for a year;
the plain names keep working with a short cache; pages are never cached publicly."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from flask import Flask

from app.core.caching import HASH_LENGTH, StaticFiles
from app.core.security import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
LONG = {"public", "max-age=31536000", "immutable"}


def get(client, url: str, **kwargs):
    """A static file's answer, read whole and closed (it is streamed from the file)."""
    return client.get(url, buffered=True, **kwargs)


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


def every_static_file() -> list[str]:
    return sorted(str(path.relative_to(STATIC)).replace(os.sep, "/")
                  for path in STATIC.rglob("*") if path.is_file())


def fingerprinted_name(name: str) -> str:
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:HASH_LENGTH]
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}.{digest}.{suffix}"


@pytest.mark.parametrize("name", every_static_file())
def test_every_file_is_served_under_its_content_hash_for_a_year(client, name):
    url = f"/static/{fingerprinted_name(name)}"

    response = get(client, url)

    assert response.status_code == 200
    assert response.data == (STATIC / name).read_bytes()
    assert directives(response) == LONG
    assert response.headers["ETag"]


def test_the_pages_link_only_fingerprinted_assets(client):
    page = client.get("/").get_data(as_text=True)

    linked = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
    assert linked == {f"/static/{fingerprinted_name(name)}" for name in
                      ("css/main.css", "css/print.css", "img/favicon.svg", "img/logo.svg")}
    for url in linked:
        assert get(client, url).status_code == 200


def test_no_template_builds_a_static_url_by_itself():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
                 if re.search(r"url_for\(\s*['\"]static['\"]", path.read_text(encoding="utf-8"))]
    assert offenders == [], "use static_url('…') so the file gets its fingerprinted name"


def test_the_plain_name_still_works_with_a_short_cache(client):
    response = get(client, "/static/css/main.css")

    assert response.status_code == 200
    assert response.data == (STATIC / "css/main.css").read_bytes()
    assert directives(response) == {"public", "max-age=300"}


def test_a_wrong_hash_is_redirected_to_the_current_file_uncached(client):
    response = get(client, "/static/css/main.0123456789ab.css")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/static/{fingerprinted_name('css/main.css')}"
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("url", [
    "/static/css/missing.css",
    "/static/css/missing.0123456789ab.css",
    "/static/css/main.0123.css",  # too short to be a hash: just a missing file
    "/static/../app/config.py",
    "/static/%2e%2e/app/config.py",
    "/static/css/",
])
def test_unknown_files_are_404(client, url):
    assert get(client, url).status_code == 404


def test_a_conditional_request_gets_304_with_the_same_cache_headers(client):
    url = f"/static/{fingerprinted_name('css/main.css')}"
    etag = get(client, url).headers["ETag"]

    response = get(client, url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert directives(response) == LONG


def test_static_answers_keep_the_strict_content_security_policy(client):
    response = get(client, f"/static/{fingerprinted_name('img/logo.svg')}")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- a file that changes while the app runs ------------------------------------


@pytest.fixture
def folder_app(tmp_path):
    """A bare app serving a static folder of the test's own."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body { color: black; }")
    (tmp_path / "LICENSE").write_text("no suffix")
    (tmp_path / ".hidden").write_text("secret")
    app = Flask(__name__, static_folder=str(tmp_path), static_url_path="/static")

    def install(watch: bool) -> tuple[Flask, StaticFiles]:
        files = StaticFiles(str(tmp_path), watch=watch)
        app.view_functions["static"] = files.serve
        return app, files

    return tmp_path, install


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_LENGTH]


def test_names_get_the_hash_before_the_last_suffix(folder_app):
    _folder, install = folder_app
    _app, files = install(watch=False)

    digest = _digest("body { color: black; }")
    assert files.fingerprinted("css/site.css") == f"css/site.{digest}.css"
    assert files.fingerprinted("LICENSE") == f"LICENSE.{_digest('no suffix')}"
    assert files.fingerprinted(".hidden") is None
    assert files.fingerprinted("css/missing.css") is None


def test_a_changed_file_is_never_served_long_cached_under_its_old_hash(folder_app):
    folder, install = folder_app
    app, files = install(watch=False)
    old = files.fingerprinted("css/site.css")
    (folder / "css" / "site.css").write_text("body { color: navy; }  /* longer */")

    with app.test_client() as client:
        response = get(client, f"/static/{old}")

    new = f"css/site.{_digest('body { color: navy; }  /* longer */')}.css"
    assert response.status_code == 302
    assert response.headers["Location"] == f"/static/{new}"
    assert files.fingerprinted("css/site.css") == new


def test_in_debug_mode_an_edited_file_gets_its_new_name_at_once(folder_app):
    folder, install = folder_app
    _app, files = install(watch=True)
    (folder / "css" / "site.css").write_text("body { color: green; }  /* edited */")

    assert files.fingerprinted("css/site.css") == (
        f"css/site.{_digest('body { color: green; }  /* edited */')}.css")


# -- pages ----------------------------------------------------------------------


def test_pages_are_not_cached_by_shared_proxies(client):
    response = client.get("/")

    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"}
    assert "public" not in response.headers["Cache-Control"]


def test_pages_of_a_signed_in_person_are_not_stored_at_all(login_as, resident):
    response = login_as(resident).get("/konto")

    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


@pytest.mark.parametrize("url", ["/api/v1/themes", "/forslag.atom", "/oppna-data",
                                 "/konto/logga-in", "/finns-inte"])
def test_other_answers_of_the_app_are_private_too(client, url):
    response = get(client, url)
    assert "public" not in response.headers["Cache-Control"]
    assert "private" in directives(response) or "no-store" in directives(response)


def test_answers_that_choose_their_own_caching_keep_it(client):
    assert client.get("/readyz").headers["Cache-Control"] == "no-store"
