"""Importing a plan through the browser (upload → preview → save) and exporting it again."""

from __future__ import annotations

import ast
import csv
import io
import os
import re
import time
from pathlib import Path

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.plans import services
from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft
from app.plans.import_messages import MESSAGES
from app.plans.importer import COLUMNS, MAX_FILE_SIZE, parse_file
from app.plans.models import Action, Challenge, Commitment, Plan, PlanKind

SAMPLES = Path(__file__).parent / "samples"
TEXT = SAMPLES / "handlingsplan-sjovik.txt"
CSV = SAMPLES / "handlingsplan-sjovik.csv"
UPLOAD_URL = "/admin/styrdokument/importera"
CONFIRM_URL = "/admin/styrdokument/importera/spara"
TOKEN = re.compile(r'name="token" type="hidden" value="([A-Za-z0-9_-]+)"')


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "plan-imports"
    monkeypatch.setitem(app.config, "PLAN_IMPORT_FOLDER", str(folder))
    return folder


@pytest.fixture
def as_moderator(login_as, make):
    return login_as(make.user("moderator", locale="en"))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_saved() -> bool:
    return (count(Plan), count(Challenge), count(Commitment), count(Action)) == (0, 0, 0, 0)


def stored_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def stored_structure() -> list[tuple]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Challenge.title, Commitment.quote, Action.text, Action.responsible,
               Action.follow_up_report, Action.follow_up_year)
        .join(Commitment, Commitment.challenge_id == Challenge.id)
        .join(Action, Action.commitment_id == Commitment.id)
        .order_by(Challenge.position, Commitment.position, Action.position)).all()
    return [tuple(row) for row in rows]


def upload(client, data: bytes, filename: str, **fields):
    form = {"kind": PlanKind.ACTION_PLAN.value, **fields,
            "file": FileStorage(io.BytesIO(data), filename)}
    # Encoded in memory: the test client would spool a large body to a temporary
    # file that nobody closes.
    boundary, body = encode_multipart(form)
    return client.post(UPLOAD_URL, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def token_of(response) -> str:
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, "the preview has no token"
    return match.group(1)


def confirm(client, token: str, replace: bool = False):
    data = {"token": token}
    if replace:
        data["replace"] = "y"
    return client.post(CONFIRM_URL, data=data)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the happy paths -------------------------------------------------------------------------


def test_the_text_export_shows_a_preview_and_saves_nothing(as_moderator, import_folder):
    response = upload(as_moderator, TEXT.read_bytes(), TEXT.name)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Utvecklingsstrategin för Sjöviks kommun 2025-2027" in html
    assert "KS 2025/88" in html and "2025–2027" in html
    for number, word in ((2, "challenges"), (4, "quotes from the strategy"), (6, "actions")):
        assert re.search(rf'<span class="stat-number">{number}</span> {word}', html)
    assert "Warnings" in html and "Check the row." in html and "Line 34:" in html
    assert "Demokratiutvecklare" in html and "Verksamhetsberättelse" in html
    assert "Levande landsbygd" in html and "Samverkan med föreningslivet" in html
    assert 'name="replace"' not in html  # no plan with this registry number yet
    assert nothing_saved()
    token = token_of(response)
    assert stored_files(import_folder) == [f"{token}.json", f"{token}.upload"]


def test_confirming_saves_the_plan_deletes_the_file_and_shows_the_plan(
        as_moderator, import_folder):
    preview = upload(as_moderator, TEXT.read_bytes(), TEXT.name, owner="Samhällsbyggnad",
                     kind=PlanKind.STRATEGY.value)

    response = confirm(as_moderator, token_of(preview))

    plan = db.session.scalars(select(Plan)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/styrdokument/{plan.id}"
    assert (plan.registry_number, plan.first_year, plan.last_year) == ("KS 2025/88", 2025, 2027)
    assert (plan.owner, plan.kind) == ("Samhällsbyggnad", PlanKind.STRATEGY)
    assert (count(Challenge), count(Commitment), count(Action)) == (2, 4, 6)
    assert stored_files(import_folder) == []
    page = as_moderator.get(response.headers["Location"]).get_data(as_text=True)
    assert "is saved with 6 actions" in page


def test_a_csv_file_with_title_registry_number_and_period_stores_the_same_plan(as_moderator):
    confirm(as_moderator, token_of(upload(as_moderator, TEXT.read_bytes(), TEXT.name)))
    from_text = stored_structure()
    db.session.execute(Plan.__table__.delete())
    db.session.commit()

    preview = upload(as_moderator, CSV.read_bytes(), CSV.name, title="Handlingsplan 2025",
                     registry_number="KS 2025/88", period="2025-2027")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Handlingsplan 2025" in html and "KS 2025/88" in html and "2025–2027" in html
    assert "No warnings" in html
    assert confirm(as_moderator, token_of(preview)).status_code == 302

    plan = db.session.scalars(select(Plan)).one()
    assert (plan.title, plan.registry_number) == ("Handlingsplan 2025", "KS 2025/88")
    assert (plan.first_year, plan.last_year) == (2025, 2027)
    assert stored_structure() == from_text


def test_an_xlsx_file_is_previewed_and_saved(as_moderator):
    data = xlsx_bytes([
        ["Trygghet", "”Alla ska känna sig trygga.”", "Tända belysningen i parken.",
         "Gatuchef", "Verksamhetsberättelse 2026"],
        ["Trygghet", "”Alla ska känna sig trygga.”", "Nattvandra på helger.",
         "Fritidsgården", "Delårsrapport 2027"],
    ])

    preview = upload(as_moderator, data, "trygghet.xlsx", title="Trygghetsplan",
                     registry_number="KS 2026/7")

    assert preview.status_code == 200
    assert "Tända belysningen i parken." in preview.get_data(as_text=True)
    assert nothing_saved()
    assert confirm(as_moderator, token_of(preview)).status_code == 302
    assert stored_structure() == [
        ("Trygghet", "Alla ska känna sig trygga.", "Tända belysningen i parken.", "Gatuchef",
         "Verksamhetsberättelse", 2026),
        ("Trygghet", "Alla ska känna sig trygga.", "Nattvandra på helger.", "Fritidsgården",
         "Delårsrapport", 2027)]


def test_an_administrator_may_import_too(login_as, admin):
    client = login_as(admin)
    assert client.get(UPLOAD_URL).status_code == 200
    assert confirm(client, token_of(upload(client, TEXT.read_bytes(), TEXT.name))) \
        .status_code == 302
    assert count(Plan) == 1


# --- the same registry number ----------------------------------------------------------------


def test_a_duplicate_registry_number_is_refused_unless_replace_is_ticked(
        as_moderator, import_folder):
    confirm(as_moderator, token_of(upload(as_moderator, TEXT.read_bytes(), TEXT.name)))
    first = db.session.scalars(select(Plan)).one()

    preview = upload(as_moderator, TEXT.read_bytes(), TEXT.name)
    html = preview.get_data(as_text=True)
    assert "A plan with this registry number already exists" in html
    assert f'href="/styrdokument/{first.id}"' in html and 'name="replace"' in html
    token = token_of(preview)

    refused = confirm(as_moderator, token)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "error-summary" in html and "already exists" in html
    assert token_of(refused) == token
    assert (count(Plan), count(Action)) == (1, 6)
    assert f"{token}.upload" in stored_files(import_folder)

    replaced = confirm(as_moderator, token, replace=True)
    assert replaced.status_code == 302
    assert replaced.headers["Location"] == f"/styrdokument/{first.id}"
    assert (count(Plan), count(Challenge), count(Action)) == (1, 2, 6)
    assert stored_files(import_folder) == []


# --- bad files and bad form values -----------------------------------------------------------


BAD_FILES = {
    "empty": (b"", "plan.csv"),
    "only a BOM and spaces": (b"\xef\xbb\xbf  \n", "plan.txt"),
    "binary": (bytes(range(256)) * 8, "plan.txt"),
    "wrong columns": (b"namn,beskrivning\nPark,Ny park\n", "plan.csv"),
    "no table in the text": (b"Dnr KS 1\n\nEn plan utan tabell\n", "plan.txt"),
    "broken workbook": (b"PK\x03\x04 not really a zip", "plan.xlsx"),
    "over 10 MB": (b"a" * (MAX_FILE_SIZE + 1), "plan.csv"),
    "a Word document": (b"PK\x03\x04", "plan.docx"),
    "a PDF": (b"%PDF-1.7", "plan.pdf"),
    "no extension": (CSV.read_bytes(), "plan"),
}


@pytest.mark.parametrize("data, filename", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_an_error_and_nothing_is_kept(
        as_moderator, import_folder, data, filename):
    response = upload(as_moderator, data, filename, title="En plan")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "error-summary" in html
    assert re.search(r'<p class="field-error" id="file-error">', html)
    assert 'id="file" name="file"' in html and 'aria-invalid="true"' in html
    assert nothing_saved()
    assert stored_files(import_folder) == []


def test_the_error_names_the_line_of_the_problem(as_moderator):
    data = "utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n,\"Citat\",Gör något,A,\n"

    response = upload(as_moderator, data.encode(), "plan.csv", title="En plan")

    assert response.status_code == 400
    assert "Line 2: The row has no challenge (utmaning)." in response.get_data(as_text=True)


def test_the_error_is_in_swedish_by_default(login_as, moderator):
    client = login_as(moderator)

    response = upload(client, b"", "plan.csv")

    assert response.status_code == 400
    assert "Filen är tom." in response.get_data(as_text=True)


def test_a_file_over_10_mb_gets_a_clear_message(as_moderator):
    response = upload(as_moderator, b"a" * (MAX_FILE_SIZE + 1), "plan.csv")

    assert response.status_code == 400
    assert "larger than 10 MB" in response.get_data(as_text=True)


def test_no_file_at_all_is_refused(as_moderator, import_folder):
    response = as_moderator.post(UPLOAD_URL, data={"kind": "action_plan"},
                                 content_type="multipart/form-data")

    assert response.status_code == 400
    assert "Choose the file with the plan." in response.get_data(as_text=True)
    assert stored_files(import_folder) == []


def test_a_csv_file_needs_a_title(as_moderator, import_folder):
    response = upload(as_moderator, CSV.read_bytes(), CSV.name)

    assert response.status_code == 400
    assert "enter the plan&#39;s title" in response.get_data(as_text=True)
    assert stored_files(import_folder) == []


@pytest.mark.parametrize("fields, message", [
    ({"period": "2025"}, "Write the period as two years"),
    ({"period": "2027-2025"}, "cannot end before it starts"),
    ({"kind": "budget"}, "Not a valid choice"),
    ({"registry_number": "x" * 51}, "at most 50 characters"),
    ({"title": "x" * 301}, "at most 300 characters"),
])
def test_bad_form_values_are_refused(as_moderator, import_folder, fields, message):
    response = upload(as_moderator, TEXT.read_bytes(), TEXT.name, **fields)

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored_files(import_folder) == []


# --- the token -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {}, {"token": ""}, {"token": "../../secret_key"}, {"token": "a" * 42 + "/"},
    {"token": "a" * 200},
], ids=["missing", "empty", "path", "slash", "long"])
def test_a_missing_or_tampered_token_is_refused(as_moderator, data):
    response = as_moderator.post(CONFIRM_URL, data=data)

    assert response.status_code == 400
    assert "Upload it again" in response.get_data(as_text=True)
    assert nothing_saved()


def test_an_unknown_token_is_not_found(as_moderator):
    response = confirm(as_moderator, "A" * 43)

    assert response.status_code == 404
    assert "Upload it again" in response.get_data(as_text=True)
    assert nothing_saved()


def test_a_token_is_used_once(as_moderator):
    token = token_of(upload(as_moderator, TEXT.read_bytes(), TEXT.name))
    assert confirm(as_moderator, token).status_code == 302

    assert confirm(as_moderator, token).status_code == 404
    assert count(Plan) == 1


def test_someone_elses_upload_cannot_be_confirmed(as_moderator, login_as, make):
    token = token_of(upload(as_moderator, TEXT.read_bytes(), TEXT.name))
    other = login_as(make.user("admin"))

    assert confirm(other, token).status_code == 404
    assert nothing_saved()


def test_uploads_older_than_a_day_are_removed_when_a_new_one_is_stored(
        as_moderator, import_folder):
    import_folder.mkdir(parents=True)
    old, recent = import_folder / f"{'o' * 43}.upload", import_folder / f"{'r' * 43}.upload"
    old.write_bytes(b"old")
    recent.write_bytes(b"recent")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    token_of(upload(as_moderator, TEXT.read_bytes(), TEXT.name))

    assert not old.exists() and recent.exists()


# --- who may import --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "official"])
def test_residents_and_officials_may_not_import(login_as, make, import_folder, role):
    client = login_as(make.user(role))

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, TEXT.read_bytes(), TEXT.name).status_code == 403
    assert confirm(client, "A" * 43).status_code == 403
    assert stored_files(import_folder) == [] and nothing_saved()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(UPLOAD_URL), upload(client, TEXT.read_bytes(), TEXT.name),
                     confirm(client, "A" * 43)):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/konto/logga-in")


def test_the_plan_list_links_to_the_upload_page_for_those_who_may_import(
        client, login_as, make):
    link = f'href="{UPLOAD_URL}"'
    assert link not in client.get("/styrdokument").get_data(as_text=True)
    assert link not in login_as(make.user("official")).get("/styrdokument") \
        .get_data(as_text=True)
    assert link in login_as(make.user("moderator")).get("/styrdokument").get_data(as_text=True)
    admin_page = login_as(make.user("admin")).get("/admin").get_data(as_text=True)
    assert link in admin_page


# --- exports ---------------------------------------------------------------------------------


def _stored_sample() -> Plan:
    plan = services.save_draft(parse_file(TEXT, TEXT.name), owner="Samhällsbyggnad")
    db.session.commit()
    return plan


def test_the_plan_page_links_to_both_exports(client):
    plan = _stored_sample()
    html = client.get(f"/styrdokument/{plan.id}").get_data(as_text=True)
    assert f'href="/styrdokument/{plan.id}.xlsx"' in html
    assert f'href="/styrdokument/{plan.id}.csv"' in html


def test_the_csv_export_is_semicolon_separated_utf8_for_swedish_excel(client):
    plan = _stored_sample()

    response = client.get(f"/styrdokument/{plan.id}.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="styrdokument-KS-2025-88.csv"'
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 7
    assert rows[1][3] == "Enhetschef Fritid" and rows[1][4] == "Verksamhetsberättelse 2025"


def test_the_xlsx_export_is_a_workbook_with_one_row_per_action(client):
    plan = _stored_sample()

    response = client.get(f"/styrdokument/{plan.id}.xlsx")

    assert response.status_code == 200
    assert response.mimetype == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="styrdokument-KS-2025-88.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS and len(rows) == 7


def test_a_plan_without_registry_number_is_named_by_its_id(client):
    plan = _stored_sample()
    plan.registry_number = None
    db.session.commit()

    response = client.get(f"/styrdokument/{plan.id}.csv")

    assert f'filename="styrdokument-{plan.id}.csv"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_exporting_an_unknown_plan_is_not_found(client, extension):
    assert client.get(f"/styrdokument/999999.{extension}").status_code == 404
    assert client.get(f"/styrdokument/99999999999.{extension}").status_code == 404


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_exported_plan_imports_back_to_the_same_stored_structure(
        client, as_moderator, extension):
    plan = _stored_sample()
    before, title = stored_structure(), plan.title
    exported = client.get(f"/styrdokument/{plan.id}.{extension}").get_data()
    db.session.execute(Plan.__table__.delete())
    db.session.commit()

    preview = upload(as_moderator, exported, f"export.{extension}", title=title,
                     registry_number="KS 2025/88", period="2025-2027")
    assert preview.status_code == 200
    assert confirm(as_moderator, token_of(preview)).status_code == 302

    assert stored_structure() == before
    again = db.session.scalars(select(Plan)).one()
    assert (again.registry_number, again.first_year, again.last_year) == \
        ("KS 2025/88", 2025, 2027)


def test_the_export_reads_a_plan_in_the_same_number_of_queries_whatever_its_size(
        client, count_queries):
    small = services.save_draft(PlanDraft("Liten plan", "KS 1", challenges=[ChallengeDraft(
        "Utmaning", commitments=[CommitmentDraft("Citat", [ActionDraft("Gör en sak.")])])]))
    large = _stored_sample()
    db.session.commit()
    counts = []
    for plan in (small, large):
        with count_queries() as counter:
            assert client.get(f"/styrdokument/{plan.id}.csv").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


# --- the importer's messages are translatable ------------------------------------------------


def test_every_importer_message_is_in_the_catalogue_list():
    source = (Path(__file__).parents[2] / "app" / "plans" / "importer.py").read_text()
    found = {node.args[0].value for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) ==
             "PlanImportError" and isinstance(node.args[0], ast.Constant)}
    from app.plans.importer import _UNSUPPORTED

    with force_locale("en"):
        listed = {str(message) for message in MESSAGES}
    assert found | set(_UNSUPPORTED.values()) <= listed
