"""Helpers shared by the organisation tests."""

from __future__ import annotations

import re

from markupsafe import escape

from app.extensions import db

UNSAFE = ("<script>alert", "<img src=x", "onerror=alert(1)>", "<i>kursiv</i>", "<b>fet</b>")


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def shown(text: str) -> str:
    """How a plain text appears in the HTML, escaped by Jinja."""
    return str(escape(text))


def assert_safe(html: str) -> None:
    for raw in UNSAFE:
        assert raw not in html, f"unescaped {raw!r} in the page"


def link_in(body: str, path: str) -> str:
    """The path (with query) of the first link in a mail body that contains `path`."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path) + r"\S*)", body)
    assert match, f"no link with {path!r} in {body!r}"
    return match.group(1)


def text_of(html: str) -> str:
    """The page's visible text: tags dropped, entities decoded, spaces collapsed."""
    import html as html_module

    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))
