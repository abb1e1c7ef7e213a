"""The templates' translations and dates are looked up once and kept; what
they show must be exactly what Flask-Babel itself would show, in the right
language, also when one request renders for someone in another language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import flask_babel
import pytest
from flask import render_template_string

from app.core import i18n
from app.core.text import CACHED_LENGTH, _render, plain_excerpt, render_user_text

VALUES = [datetime(2026, 1, 15, 23, 30, tzinfo=UTC),    # the next day in Stockholm
          datetime(2026, 7, 1, 9, 5, tzinfo=UTC),       # summer time
          datetime(2026, 3, 29, 0, 59),                 # naive: read as UTC
          datetime(2026, 10, 25, 1, 0, tzinfo=UTC)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_dates_are_what_flask_babel_formats(app, language):
    with app.test_request_context("/"), flask_babel.force_locale(language):
        for value in VALUES:
            assert i18n.datetime_filter(value) == flask_babel.format_datetime(
                value, "d MMMM y HH:mm")
            assert i18n.datetime_filter(value, "HH:mm") == flask_babel.format_datetime(
                value, "HH:mm")
            assert i18n.datetime_filter(value, "date") == flask_babel.format_date(
                value, "long")
            assert i18n.date_filter(value) == flask_babel.format_date(value, "long")
        assert i18n.date_filter(date(2026, 5, 17)) == flask_babel.format_date(
            date(2026, 5, 17), "long")


def test_a_date_is_shown_in_the_language_of_the_moment(app):
    value = datetime(2026, 5, 17, 12, 0, tzinfo=UTC)
    with app.test_request_context("/"):
        with flask_babel.force_locale("sv"):
            assert i18n.date_filter(value) == "17 maj 2026"
        with flask_babel.force_locale("en"):
            assert i18n.date_filter(value) == "May 17, 2026"
        assert i18n.datetime_filter(value) == "17 maj 2026 14:00"
        assert i18n.datetime_filter(None) == "" and i18n.date_filter(None) == ""


def test_template_strings_follow_a_forced_locale_within_one_request(app):
    template = "{{ _('Influence dialogues') }}|{{ ngettext('%(num)s dialogue', " \
               "'%(num)s dialogues', 2) }}"
    with app.test_request_context("/"):
        swedish = render_template_string(template)
        with flask_babel.force_locale("en"):
            english = render_template_string(template)
        again = render_template_string(template)
    assert swedish == "Inflytandedialoger|2 inflytandedialoger"
    assert english == "Influence dialogues|2 dialogues"
    assert again == swedish


def test_template_strings_follow_a_refreshed_locale(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert render_template_string("{{ _('Influence dialogues') }}") == \
            "Influence dialogues"
        with flask_babel.force_locale("sv"):
            assert render_template_string("{{ _('Influence dialogues') }}") == \
                "Inflytandedialoger"
        flask_babel.refresh()
        assert render_template_string("{{ _('Influence dialogues') }}") == \
            "Influence dialogues"


def test_kept_user_text_is_the_same_as_rendered_anew():
    texts = ["**fet** och [länk](https://example.org)", "# Rubrik\n\n<script>x</script>",
             "a" * CACHED_LENGTH, "b" * (CACHED_LENGTH + 1)]
    for text in texts:
        first, second = render_user_text(text), render_user_text(text)
        assert first == second == _render(text)
        assert "<script>" not in first
    assert plain_excerpt("**fet** text", 5) == plain_excerpt("**fet** text", 5) == "fet…"
    assert plain_excerpt("c" * (CACHED_LENGTH + 5), 10) == "c" * 9 + "…"
    assert render_user_text("") == "" and plain_excerpt(None) == ""


def test_a_date_a_day_apart_is_not_taken_from_the_kept_ones(app):
    value = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
    with app.test_request_context("/"):
        assert i18n.date_filter(value) == "1 februari 2026"
        assert i18n.date_filter(value + timedelta(days=1)) == "2 februari 2026"
