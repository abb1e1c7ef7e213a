"""The Swedish catalogue is complete and in step with the code, and the language switch works.

Swedish is the default language and must never show an untranslated English
string. English is the second language: its msgids are already English, so its
catalogue may stay empty (gettext falls back to the msgid).

The extraction below uses the same keywords and files as `make messages`
(see Makefile and babel.cfg). If a test here fails after you added a string,
run `make messages`, translate the new entries in
translations/sv/LC_MESSAGES/messages.po and `make translations`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
SV_PO = TRANSLATIONS / "sv" / "LC_MESSAGES" / "messages.po"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

# The same as babel.cfg plus the -k options of `make messages`.
METHOD_MAP = [
    ("app/**.py", "python"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("templates/**.txt", "jinja2.ext:babel_extract"),
]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}

# A %-format directive: %(name)s, %s, %%, or a stray % that would break formatting.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]?")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _key(message_id) -> str:
    return message_id[0] if isinstance(message_id, tuple | list) else message_id


def _forms(value) -> list[str]:
    if isinstance(value, tuple | list):
        return list(value)
    return [value]


def _placeholders(text: str) -> set[str]:
    return {directive for directive in PLACEHOLDER.findall(text or "") if directive != "%%"}


def _listing(ids) -> str:
    return "\n".join(f"  - {message_id!r}" for message_id in sorted(ids))


@pytest.fixture(scope="module")
def sv_catalog() -> Catalog:
    return _read(SV_PO)


@pytest.fixture(scope="module")
def extracted_ids() -> set[str]:
    messages = extract_from_dir(str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS)
    return {_key(message_id) for _filename, _lineno, message_id, _comments, _context
            in messages}


def test_every_swedish_entry_is_translated_and_none_is_fuzzy(sv_catalog):
    missing = [
        _key(message.id) for message in _entries(sv_catalog)
        if not all(form.strip() for form in _forms(message.string))
        or len(_forms(message.string)) < (sv_catalog.num_plurals if message.pluralizable else 1)
    ]
    fuzzy = [_key(message.id) for message in _entries(sv_catalog) if message.fuzzy]
    assert not missing, (
        f"{len(missing)} Swedish entries have no translation (every plural form must be "
        f"filled in):\n{_listing(missing)}")
    assert not fuzzy, f"Check these Swedish entries and remove '#, fuzzy':\n{_listing(fuzzy)}"


def test_both_catalogues_have_a_two_form_plural_header():
    for path in (SV_PO, EN_PO):
        catalog = _read(path)
        assert catalog.num_plurals == 2, path
        assert catalog.plural_expr.replace(" ", "") in {"(n!=1)", "n!=1"}, path


def test_every_string_in_the_code_is_in_the_swedish_catalogue(sv_catalog, extracted_ids):
    assert extracted_ids, "Extraction found no strings: check METHOD_MAP against babel.cfg."
    in_catalogue = {_key(message.id) for message in _entries(sv_catalog)}
    missing = extracted_ids - in_catalogue
    assert not missing, (
        f"{len(missing)} strings in app/ or templates/ are missing from the Swedish "
        f"catalogue. Run `make messages` and translate them:\n{_listing(missing)}")


def test_the_catalogue_has_no_strings_the_code_no_longer_uses(sv_catalog, extracted_ids):
    in_catalogue = {_key(message.id) for message in _entries(sv_catalog)}
    unused = in_catalogue - extracted_ids
    assert not unused, (
        f"These Swedish entries are no longer used in the code. Run `make messages` to "
        f"remove them:\n{_listing(unused)}")


@pytest.mark.parametrize("path", [SV_PO, EN_PO], ids=["sv", "en"])
def test_placeholders_in_translations_match_the_original(path):
    wrong = []
    for message in _entries(_read(path)):
        expected: set[str] = set()
        for original in _forms(message.id):
            expected |= _placeholders(original)
        for form in _forms(message.string):
            if form and _placeholders(form) != expected:
                wrong.append(f"{_key(message.id)!r}: expected {sorted(expected)}, "
                             f"got {sorted(_placeholders(form))} in {form!r}")
    assert not wrong, "Placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


@pytest.fixture
def compiled_catalogues():
    missing = [str(path.with_suffix(".mo")) for path in (SV_PO, EN_PO)
               if not path.with_suffix(".mo").exists()]
    if missing:
        pytest.fail("The catalogues are not compiled. Run `make translations` "
                    f"(pybabel compile -d translations). Missing: {', '.join(missing)}")


def test_the_front_page_is_in_swedish_by_default(client, compiled_catalogues):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    assert "Lokalsamhällen" in html
    assert "Sign in" not in html


def test_choosing_english_shows_the_front_page_in_english(client, compiled_catalogues):
    response = client.post("/sprak", data={"language": "en", "next": "/"})
    assert response.status_code == 302

    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Local communities" in html
    assert "Logga in" not in html

    client.post("/sprak", data={"language": "sv", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Logga in" in html
