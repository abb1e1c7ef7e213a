"""User text: a Markdown subset rendered to HTML, then cleaned by an allowlist."""

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from app.core.text import ALLOWED_TAGS, plain_excerpt, render_user_text

HOSTILE_INPUTS = {
    "script tag": '<script>alert("x")</script>',
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style tag": "<style>body{display:none}</style>",
    "event on allowed tag": '<p onclick="alert(1)">klick</p>',
    "javascript link in markdown": "[klicka](javascript:alert(1))",
    "javascript link with entity": "[klicka](jav&#x61;script:alert(1))",
    "data link": "[klicka](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript link": "[klicka](vbscript:msgbox(1))",
    "html link": '<a href="javascript:alert(1)">x</a>',
    "form": '<form action="https://evil.example"><input name=x></form>',
    "object": '<object data="x.swf"></object>',
    "markdown image": "![bild](https://evil.example/spy.png)",
    "broken tag": "<scr<script>ipt>alert(1)</script>",
}


class TagCollector(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.mark.parametrize("text", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_hostile_html_never_becomes_markup(text):
    html = str(render_user_text(text))
    for tag, attributes in parsed(html):
        assert tag in ALLOWED_TAGS, html
        assert set(attributes) <= {"href", "title", "rel"}, html
        href = attributes.get("href", "https:")
        assert href.split(":")[0].lower() in {"http", "https", "mailto"}, html
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text():
    assert str(render_user_text("<b>fet</b>")) == "<p>&lt;b&gt;fet&lt;/b&gt;</p>\n"


def test_the_result_is_markup_so_jinja_does_not_escape_it_again():
    assert isinstance(render_user_text("hej"), Markup)


@pytest.mark.parametrize("text, expected", [
    ("**fet** och *kursiv*", "<p><strong>fet</strong> och <em>kursiv</em></p>"),
    ("- ett\n- två", "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>"),
    ("1. ett\n2. två", "<ol>\n<li>ett</li>\n<li>två</li>\n</ol>"),
    ("> citat", "<blockquote>\n<p>citat</p>\n</blockquote>"),
    ("`kod`", "<p><code>kod</code></p>"),
    ("rad ett  \nrad två", "<p>rad ett<br>\nrad två</p>"),
])
def test_the_markdown_subset_is_rendered(text, expected):
    assert str(render_user_text(text)).strip() == expected


def test_links_are_kept_with_rel_against_spam_and_tab_napping():
    html = str(render_user_text("[Kommunen](https://kommun.example/)"))
    assert 'href="https://kommun.example/"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html


def test_mailto_links_are_allowed():
    assert 'href="mailto:info@kommun.example"' in str(
        render_user_text("[mejla](mailto:info@kommun.example)"))


@pytest.mark.parametrize("text, tag", [("# Rubrik", "h3"), ("## Rubrik", "h3"),
                                       ("### Rubrik", "h3"), ("##### Rubrik", "h4"),
                                       ("###### Rubrik", "h4")])
def test_headings_never_compete_with_the_pages_own(text, tag):
    html = str(render_user_text(text))
    assert html.strip() == f"<{tag}>Rubrik</{tag}>"


def test_tables_are_not_rendered():
    html = str(render_user_text("| a | b |\n|---|---|\n| 1 | 2 |"))
    assert "<table" not in html


@pytest.mark.parametrize("text", [None, ""])
def test_empty_text_renders_as_nothing(text):
    assert render_user_text(text) == Markup("")


def test_an_excerpt_is_plain_text_without_markup():
    assert plain_excerpt("**Fet** text <script>alert(1)</script>") == \
        "Fet text <script>alert(1)</script>"


def test_an_excerpt_is_shortened_with_an_ellipsis():
    excerpt = plain_excerpt("ord " * 100, length=20)
    assert len(excerpt) <= 20
    assert excerpt.endswith("…")


def test_an_excerpt_collapses_whitespace():
    assert plain_excerpt("ett\n\n\ntvå   tre") == "ett två tre"


def test_an_excerpt_is_escaped_when_rendered_in_a_template(app):
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ text|excerpt }}").render(
            text="<script>alert(1)</script>")
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered


def test_the_usertext_filter_sanitises_in_templates(app):
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ text|usertext }}").render(
            text="**ok** <script>alert(1)</script>")
    assert "<strong>ok</strong>" in rendered
    assert "<script>" not in rendered
