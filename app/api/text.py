"""User text for the API: the sanitised HTML the site shows, and plain text."""

from __future__ import annotations

import html
import re

import nh3

from app.core.text import render_user_text

# Where the HTML ends a block or a line, the plain text does too.
_BLOCK_END = re.compile(r"</(?:p|h3|h4|blockquote|pre|ul|ol)>")
_LINE_END = re.compile(r"</li>|<br\s*/?>")
_BLANK_LINES = re.compile(r"\n{3,}")
_PRE = re.compile(r"<pre>.*?</pre>", re.DOTALL)


def as_html(text: str | None) -> str:
    return str(render_user_text(text))


def as_plain(text: str | None) -> str:
    """The text without any markup: paragraphs apart by a blank line.

    It is plain text, not HTML: a `<` the writer typed stays a `<`, so whoever
    shows it must escape it.
    """
    if not text:
        return ""
    # The HTML's own line breaks mean nothing outside code blocks.
    markup = _PRE.sub(lambda match: match.group(0).replace("\n", "<br>"), as_html(text))
    markup = markup.replace("\n", " ")
    marked = _LINE_END.sub(lambda match: match.group(0) + "\n", markup)
    marked = _BLOCK_END.sub(lambda match: match.group(0) + "\n\n", marked)
    stripped = html.unescape(nh3.clean(marked, tags=set()))
    lines = [" ".join(line.split()) for line in stripped.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
