"""The importer's warnings are shown in the user's language: Swedish by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.plans.import_messages import WARNINGS, describe, describe_all
from app.plans.importer import PlanWarning, parse_file, parse_text

SAMPLES = Path(__file__).parent / "samples"
TEXT = SAMPLES / "handlingsplan-sjovik.txt"
LINE = 1 + next(number for number, row in enumerate(TEXT.read_text(encoding="utf-8")
                                                    .splitlines()) if "Dialogerna hålls" in row)
SWEDISH = (f"Rad {LINE}: Raden har fler stycken med åtgärder (3) än ansvariga (2): ”Dialogerna "
           "hålls där unga redan finns, i skolor och idrotts…” lästes som en fortsättning på "
           "åtgärden ovanför. Kontrollera raden.")
TABLE_HEADER = "ur STRATEGIN\tÅTGÄRDER\tANSVARIG\tUPPFÖLJNING"


def run(app, *args):
    return app.test_cli_runner().invoke(args=["plans", "import", *map(str, args)])


def test_the_sample_has_one_structured_warning_naming_its_row():
    [warning] = parse_file(TEXT).warnings
    assert isinstance(warning, PlanWarning)
    assert warning.line == LINE
    assert (warning.params["paragraphs"], warning.params["count"]) == (3, 2)
    assert str(warning).startswith(f"Line {LINE}: The row has more action paragraphs")


def test_the_warning_is_swedish_by_default_and_english_in_english(app_context):
    [warning] = parse_file(TEXT).warnings
    assert describe(warning) == SWEDISH
    with force_locale("en"):
        assert describe(warning) == str(warning)


def test_the_cli_prints_the_warning_in_swedish(app):
    result = run(app, TEXT, "--dry-run")

    assert result.exit_code == 0, result.output
    assert f"Varning: {SWEDISH}" in result.output


def test_the_json_summary_keeps_its_shape_with_swedish_warnings(app):
    result = run(app, TEXT, "--json", "--dry-run")

    summary = json.loads(result.output)
    assert set(summary) == {"plan", "challenges", "commitments", "actions", "warnings"}
    assert summary["warnings"] == [SWEDISH]


@pytest.mark.parametrize(("locale", "expected"), [
    ("sv", SWEDISH), ("en", "The row has more action paragraphs (3) than responsibles (2)")])
def test_the_upload_preview_shows_warnings_in_the_users_language(
        app, tmp_path, monkeypatch, login_as, make, locale, expected):
    from tests.plans.test_upload_and_export import upload

    monkeypatch.setitem(app.config, "PLAN_IMPORT_FOLDER", str(tmp_path))
    client = login_as(make.user("moderator", locale=locale))

    response = upload(client, TEXT.read_bytes(), TEXT.name)

    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_every_kind_of_warning_is_translated(app_context):
    text = ("Titel\n\n- Trygghet\n- Klimat\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n"
            "\"q\"\t<p>A</p>\t<p>Chef</p> <p>Strateg</p>\t<p>VB 2025</p> <p>VB 2026</p>\n"
            "\"r\"\t<p>B</p> <p>C</p>\t<p>Chef</p> <p>Chef</p>\t<p>VB 2025</p>\n")
    warnings = describe_all(parse_text(text.encode()).warnings)
    assert warnings == [
        "Rad 9: Raden har fler ansvariga än åtgärder: de extra ansvariga lades till åtgärden "
        "”A”.",
        "Rad 9: Raden har fler uppföljningar än åtgärder: de extra uppföljningarna togs inte "
        "med.",
        "Rad 10: Raden har färre uppföljningar än åtgärder: några åtgärder saknar uppföljning.",
        "Utmaningen ”Klimat” finns i listan men har ingen tabell med åtgärder.",
    ]


def test_every_warning_the_importer_gives_is_in_the_catalogue_list():
    import ast

    source = (Path(__file__).parents[2] / "app" / "plans" / "importer.py").read_text()
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    found = {call.args[1].value for call in calls
             if "warn" in (getattr(call.func, "id", None), getattr(call.func, "attr", None))
             and len(call.args) > 1 and isinstance(call.args[1], ast.Constant)}
    with force_locale("en"):
        listed = {str(message) for message in WARNINGS}
    assert len(found) == 5
    assert found == listed
