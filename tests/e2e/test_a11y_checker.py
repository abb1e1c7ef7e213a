"""The checker itself: a page with known faults must fail it, so a silently
broken axe injection can never make every page look accessible."""

import pytest

from tests.e2e.conftest import check_a11y

FAULTY_PAGE = """<!doctype html><html><head><title>Faulty</title></head><body>
<main><img src="data:,"><p class="grey">Grey on white</p>
<label>Unlabelled?</label><input id="lonely"></main>
<link rel="stylesheet" href="data:text/css,.grey%7Bcolor:%23bbb%7D">
</body></html>"""


def test_check_a11y_fails_with_a_readable_list(page):
    page.set_content(FAULTY_PAGE)

    with pytest.raises(pytest.fail.Exception) as failure:
        check_a11y(page)

    report = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "label", "color-contrast"):
        assert f"- {rule} (" in report
    assert "at img" in report


def test_check_a11y_refuses_inline_styles_the_csp_would_block(page):
    page.set_content('<!doctype html><html lang="sv"><head><title>T</title></head>'
                     '<body><main><p style="color:red">Hej</p></main></body></html>')

    with pytest.raises(AssertionError, match="style attribute"):
        check_a11y(page)
