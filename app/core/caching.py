"""What browsers and proxies may keep, and for how long.

Static files are served under names that carry a hash of their content
(`/static/css/main.3f2a9c1e0b7d.css`), so they can be cached for a year and never
asked for again: a changed file gets a new name. The hashes are computed once,
when the app starts (a handful of small files, a few milliseconds; no build step),
and templates get the names through `static_url('css/main.css')`.

- A fingerprinted name whose hash is current: `public, max-age=31536000, immutable`.
- The plain name (`/static/css/main.css`) keeps working for anything that links to
  it directly, cached for five minutes only.
- A fingerprinted name with a hash that is not (or no longer) the file's is
  redirected to the current name, uncached. It happens when an HTML page from before
  a deploy, still open in a browser or served by a worker that has not restarted,
  asks for the previous version: a redirect gives it the current file, where a 404
  would leave the page without its styles. The long-cached answer only ever goes out
  for content that matches its name, because the file is checked again (size and
  modification time) before it is served that way.

Pages and other answers of the app that set no caching of their own get
`private, no-cache` (a shared proxy must not keep them; the browser asks again)
and, for a signed-in person, `private, no-store`, so their pages are not written
to the disk of a shared computer.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from flask import Flask, Response, current_app, redirect, request, send_from_directory, session
from flask import url_for as flask_url_for
from werkzeug.exceptions import NotFound

HASH_LENGTH = 12
LONG_CACHE_SECONDS = 365 * 24 * 3600
SHORT_CACHE_SECONDS = 300
_FINGERPRINTED = re.compile(
    rf"^(?P<stem>[^/]+)\.(?P<digest>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)?$")


@dataclass(frozen=True)
class _Version:
    digest: str
    mtime_ns: int
    size: int


def _split(name: str) -> tuple[str, str, str]:
    """'css/main.css' -> ('css/', 'main', '.css'); the suffix is the last one only."""
    directory, _, base = name.rpartition("/")
    prefix = directory + "/" if directory else ""
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        return prefix, base, ""
    return prefix, stem, "." + suffix


class StaticFiles:
    """The fingerprints of every file under one folder."""

    def __init__(self, folder: str, watch: bool = False) -> None:
        self.folder = folder
        # In debug mode an edited file gets its new name on the next page.
        self.watch = watch
        self._versions: dict[str, _Version] = {}
        for directory, subdirectories, files in os.walk(folder):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for file in sorted(files):
                if file.startswith("."):
                    continue
                path = os.path.join(directory, file)
                name = os.path.relpath(path, folder).replace(os.sep, "/")
                self._versions[name] = self._read(path)

    @staticmethod
    def _read(path: str) -> _Version:
        stat = os.stat(path)
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(65536), b""):
                digest.update(block)
        return _Version(digest.hexdigest()[:HASH_LENGTH], stat.st_mtime_ns, stat.st_size)

    def names(self) -> list[str]:
        return list(self._versions)

    def _current(self, name: str) -> _Version | None:
        """The file's version, read again if it changed on disk since it was hashed."""
        known = self._versions.get(name)
        if known is None:
            return None
        try:
            stat = os.stat(os.path.join(self.folder, name))
        except OSError:
            return None
        if (stat.st_mtime_ns, stat.st_size) != (known.mtime_ns, known.size):
            known = self._versions[name] = self._read(os.path.join(self.folder, name))
        return known

    def fingerprinted(self, name: str) -> str | None:
        """'css/main.css' -> 'css/main.<hash>.css', or None for an unknown file."""
        version = self._current(name) if self.watch else self._versions.get(name)
        if version is None:
            return None
        return _with_digest(name, version)

    def parse(self, filename: str) -> tuple[str, str] | None:
        """'css/main.<hash>.css' -> ('css/main.css', '<hash>') when such a file exists."""
        if filename in self._versions:
            return None
        directory, _, base = filename.rpartition("/")
        match = _FINGERPRINTED.match(base)
        if match is None:
            return None
        name = (directory + "/" if directory else "") + match["stem"] + (match["suffix"] or "")
        if name not in self._versions:
            return None
        return name, match["digest"]

    def serve(self, filename: str) -> Response:
        parsed = self.parse(filename)
        if parsed is None:
            response = send_from_directory(self.folder, filename, max_age=SHORT_CACHE_SECONDS)
            response.cache_control.public = True
            return response
        name, digest = parsed
        version = self._current(name)
        if version is None:
            raise NotFound()
        if version.digest != digest:
            moved = redirect(flask_url_for("static", filename=_with_digest(name, version)))
            moved.headers["Cache-Control"] = "no-cache"
            return moved
        response = send_from_directory(self.folder, name, max_age=LONG_CACHE_SECONDS)
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response


def _with_digest(name: str, version: _Version) -> str:
    prefix, stem, suffix = _split(name)
    return f"{prefix}{stem}.{version.digest}{suffix}"


def static_files() -> StaticFiles:
    return current_app.extensions["static_files"]


def static_url(name: str) -> str:
    """The URL of a file under static/, under its fingerprinted name."""
    return flask_url_for("static", filename=static_files().fingerprinted(name) or name)


def _default_cache_headers(response: Response) -> Response:
    if request.endpoint == "static" or "Cache-Control" in response.headers:
        return response
    signed_in = "_user_id" in session
    response.headers["Cache-Control"] = "private, no-store" if signed_in else "private, no-cache"
    return response


def init_app(app: Flask) -> None:
    files = StaticFiles(app.static_folder, watch=app.debug)
    app.extensions["static_files"] = files
    app.view_functions["static"] = files.serve
    app.jinja_env.globals["static_url"] = static_url
    app.after_request(_default_cache_headers)
