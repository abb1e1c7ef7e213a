"""Uploaded plan files kept on disk between the preview and the confirmation.

The preview must not save anything, and the confirmation must not ask for the
file again; so the bytes wait in `instance/plan-imports/<token>.upload`, with
the choices made on the form (title, kind, owner …) beside them in
`<token>.json`. Only the random token travels through the browser. Files older
than a day are removed whenever a new one is stored.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
# secrets.token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_SUFFIXES = (".upload", ".json")


@dataclass
class PendingImport:
    """What an official chose on the upload form, kept with the file."""

    filename: str
    user_id: int
    kind: str
    owner: str = ""
    title: str | None = None
    registry_number: str | None = None
    period: tuple[int, int] | None = None


def folder() -> Path:
    configured = current_app.config.get("PLAN_IMPORT_FOLDER")
    return Path(configured or os.path.join(current_app.instance_path, "plan-imports"))


def is_token(value: object) -> bool:
    return isinstance(value, str) and TOKEN_PATTERN.match(value) is not None


def _paths(token: str) -> tuple[Path, Path]:
    if not is_token(token):
        raise ValueError("not an upload token")
    base = folder()
    return base / f"{token}.upload", base / f"{token}.json"


def prune(now: float | None = None) -> None:
    """Remove uploads that were never confirmed within a day."""
    limit = (now if now is not None else time.time()) - MAX_AGE_SECONDS
    for path in folder().iterdir():
        if path.suffix in _SUFFIXES and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def store(data: bytes, pending: PendingImport) -> str:
    base = folder()
    base.mkdir(parents=True, exist_ok=True)
    prune()
    token = secrets.token_urlsafe(32)
    upload, meta = _paths(token)
    upload.write_bytes(data)
    meta.write_text(json.dumps(asdict(pending), ensure_ascii=False), encoding="utf-8")
    return token


def load(token: str) -> tuple[bytes, PendingImport] | None:
    """The stored bytes and choices, or None for a token that names nothing."""
    if not is_token(token):
        return None
    upload, meta = _paths(token)
    try:
        data = upload.read_bytes()
        values = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if values.get("period"):
        values["period"] = tuple(values["period"])
    return data, PendingImport(**values)


def discard(token: str) -> None:
    for path in _paths(token):
        path.unlink(missing_ok=True)
