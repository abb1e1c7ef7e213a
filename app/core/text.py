"""The one function that turns user text into HTML.

A Markdown subset is rendered by markdown-it-py with raw HTML disabled, then
nh3 removes anything outside a small allowlist. Everything else in the
templates relies on Jinja's autoescaping.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code", "pre",
    "h3", "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable(["image", "table"], ignoreInvalid=True)
)


def _demote_headings(markup: str) -> str:
    # A user's heading must not compete with the page's own h1/h2 outline.
    for level in (1, 2, 5, 6):
        target = 3 if level < 3 else 4
        markup = markup.replace(f"<h{level}>", f"<h{target}>")
        markup = markup.replace(f"</h{level}>", f"</h{target}>")
    return markup


# A page shows the same comments and bodies to everyone, over and over; the
# result depends on the text alone. Texts up to this length are kept, the last
# 2,048 of each kind (at most ~10 MB in a worker, far less in practice).
CACHED_LENGTH = 2_000


def render_user_text(text: str | None) -> Markup:
    if not text:
        return Markup("")
    if len(text) <= CACHED_LENGTH:
        return _render_cached(text)
    return _render(text)


def _render(text: str) -> Markup:
    clean = nh3.clean(
        _demote_headings(_markdown.render(text)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


_render_cached = lru_cache(maxsize=2048)(_render)


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Text without markup for cards and feeds; Jinja escapes it."""
    if not text:
        return ""
    if len(text) <= CACHED_LENGTH:
        return _excerpt_cached(text, length)
    return _excerpt(text, length)


def _excerpt(text: str, length: int) -> str:
    stripped = html.unescape(nh3.clean(_markdown.render(text), tags=set()))
    stripped = " ".join(stripped.split())
    if len(stripped) <= length:
        return stripped
    return stripped[: length - 1].rstrip() + "…"


_excerpt_cached = lru_cache(maxsize=2048)(_excerpt)
