"""The follow-up report's page, downloads and command."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from app.core.i18n import local_now
from app.core.models import utcnow
from app.extensions import db
from app.plans.models import ActionStatus, ActionUpdate, PlanStatus
from app.reports.followup import TITLES_ON_PAGE
from tests.factories import HOSTILE

YEAR = 2025


@pytest.fixture
def reported(plf, pf, make):
    """A plan with one action followed up in 2025 and proposals linked to it."""
    plan = plf.plan(registry_number="KS 2025/88", commit=False)
    action = plf.action(plf.commitment(plan, commit=False), text=f"=Rusta badplatsen {HOSTILE}",
                        commit=False)
    action.follow_up_year = YEAR
    author = make.user()
    proposals = [pf.proposal(author, title=f"Förslag {n} om bryggan", commit=False)
                 for n in range(TITLES_ON_PAGE + 2)]
    db.session.flush()
    for proposal in proposals:
        plf.proposal_link(proposal, action, commit=False)
    db.session.commit()
    return plan, action, proposals


def test_the_page_shows_the_report(client, reported):
    plan, action, proposals = reported
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning/{YEAR}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Uppföljning {YEAR}" in page
    assert "Rusta badplatsen" in page and "<script>alert" not in page
    assert f"Alla kopplade förslag ({len(proposals)})" in page
    # The first titles by reference, not all of them.
    assert page.count("om bryggan") == TITLES_ON_PAGE
    for fmt in ("docx", "xlsx", "csv"):
        assert f"/styrdokument/{plan.id}/uppfoljning/{YEAR}.{fmt}" in page


def test_the_plan_page_leads_to_the_report(client, reported):
    plan, _action, _proposals = reported
    page = client.get(f"/styrdokument/{plan.id}").get_data(as_text=True)
    assert f"/styrdokument/{plan.id}/uppfoljning" in page
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/styrdokument/{plan.id}/uppfoljning/{local_now().year}")


@pytest.mark.parametrize("chosen, year", [("2025", 2025), ("2027", 2027), ("abc", None),
                                          ("1800", None), ("99999", None), ("", None)])
def test_the_year_chooser(client, reported, chosen, year):
    plan, _action, _proposals = reported
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning?ar={chosen}")
    assert response.status_code == 302
    expected = year or local_now().year
    assert response.headers["Location"].endswith(f"/uppfoljning/{expected}")


@pytest.mark.parametrize("path", ["/styrdokument/999999/uppfoljning/2025",
                                  "/styrdokument/999999/uppfoljning",
                                  "/styrdokument/{plan}/uppfoljning/1800",
                                  "/styrdokument/{plan}/uppfoljning/99999",
                                  "/styrdokument/{plan}/uppfoljning/2025.pdf",
                                  "/styrdokument/{plan}/uppfoljning/2025.xlsx.exe",
                                  "/styrdokument/999999/uppfoljning/2025.csv"])
def test_unknown_plans_years_and_formats_are_not_found(client, reported, path):
    plan, _action, _proposals = reported
    assert client.get(path.format(plan=plan.id)).status_code == 404


@pytest.mark.parametrize("suffix", ["", ".csv", ".xlsx", ".docx"])
def test_a_draft_plans_report_is_for_plan_editors_only(client, login_as, make, plf, suffix):
    plan = plf.plan(status=PlanStatus.DRAFT)
    url = f"/styrdokument/{plan.id}/uppfoljning/{YEAR}{suffix}"
    assert client.get(url).status_code == 404
    login_as(make.user("resident"))
    assert client.get(url).status_code == 404
    login_as(make.user("moderator"))
    assert client.get(url).status_code == 200


def test_csv_download(client, reported):
    plan, _action, proposals = reported
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning/{YEAR}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="uppfoljning-KS-2025-88-2025.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Utmaning", "Ur strategin", "Åtgärd"]
    assert len(rows) == 2
    # A cell that a spreadsheet would run as a formula is kept as text.
    assert rows[1][2].startswith("'=Rusta badplatsen")
    assert rows[1][8] == str(len(proposals))
    assert sorted(rows[1][9].split("\n")) == sorted(f"{p.reference} {p.title}" for p in proposals)


def test_xlsx_download(client, reported):
    plan, _action, proposals = reported
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning/{YEAR}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    actions, summary = workbook.worksheets
    header = [cell.value for cell in actions[1]]
    assert header[5] == "Status"
    row = [cell.value for cell in actions[2]]
    assert row[2].startswith("=Rusta badplatsen")  # stored as text, not a formula
    assert actions.cell(2, 3).data_type == "s"
    assert row[8] == str(len(proposals))
    labels = {summary.cell(r, 1).value: summary.cell(r, 2).value
              for r in range(2, summary.max_row + 1)}
    assert labels["Åtgärder i rapporten"] == 1
    assert labels["Kopplade förslag"] == len(proposals)


def test_docx_download(client, reported):
    plan, _action, proposals = reported
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning/{YEAR}.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"Uppföljning {YEAR}: {plan.title}" in text
    assert "Diarienummer: KS 2025/88" in text
    assert f"Kopplade förslag ({len(proposals)}):" in text
    for proposal in proposals:
        assert proposal.reference in text


def test_a_cell_never_grows_past_what_excel_holds(client, plf, pf, make):
    plan = plf.plan(commit=False)
    action = plf.action(plf.commitment(plan, commit=False), commit=False)
    action.follow_up_year = YEAR
    author = make.user()
    long_title = "Ett förslag med en mycket lång rubrik om cykelvägar och belysning " * 2
    proposals = [pf.proposal(author, title=long_title[:120], commit=False) for _ in range(300)]
    db.session.flush()
    for proposal in proposals:
        plf.proposal_link(proposal, action, commit=False)
    db.session.commit()
    response = client.get(f"/styrdokument/{plan.id}/uppfoljning/{YEAR}.xlsx")
    cell = load_workbook(io.BytesIO(response.data)).worksheets[0].cell(2, 10).value
    assert len(cell) <= 32_767
    assert cell.endswith("till")  # "… och N till"
    assert "… och " in cell


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["reports", "followup", *map(str, args)])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_the_command_writes_the_report(app, reported, tmp_path, fmt):
    plan, _action, proposals = reported
    target = tmp_path / f"rapport.{fmt}"
    result = _cli(app, "--plan", "KS 2025/88", "--year", YEAR, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"1 actions, {len(proposals)} linked proposals" in result.output
    assert target.stat().st_size > 0
    by_id = tmp_path / f"by-id.{fmt}"
    assert _cli(app, "--plan", plan.id, "--year", YEAR, "--format", fmt,
                "-o", by_id).exit_code == 0
    if fmt == "csv":
        assert by_id.read_bytes() == target.read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--plan", "KS 1999/1", "--year", "2025"], "No plan"),
    (["--plan", "99999999999999", "--year", "2025"], "No plan"),
    (["--plan", "KS 2025/88", "--year", "1800"], "1800"),
    (["--plan", "KS 2025/88", "--year", "abc"], "abc"),
    (["--plan", "KS 2025/88", "--year", "2025", "--format", "pdf"], "pdf"),
])
def test_the_command_refuses_bad_input(app, reported, tmp_path, args, message):
    result = _cli(app, *args, "-o", tmp_path / "x")
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x").exists()


def test_the_command_reports_an_unwritable_file(app, reported, tmp_path):
    result = _cli(app, "--plan", "KS 2025/88", "--year", YEAR, "-o",
                  tmp_path / "no-such-dir" / "x.xlsx")
    assert result.exit_code == 1
    assert "Could not write" in result.output


def test_the_report_page_does_not_grow_with_actions_and_links(client, plf, pf, make,
                                                              count_queries):
    counts = []
    author = make.user()
    for actions, links in ((2, 4), (20, 200)):
        plan = plf.plan(commit=False)
        commitments = [plf.commitment(plan, commit=False) for _ in range(2)]
        rows = []
        for n in range(actions):
            row = plf.action(commitments[n % 2], status=ActionStatus.ONGOING, commit=False)
            rows.append(row)
        proposals = [pf.proposal(author, commit=False) for _ in range(links)]
        db.session.flush()
        for n, proposal in enumerate(proposals):
            plf.proposal_link(proposal, rows[n % actions], commit=False)
            if n % 10 == 0:
                db.session.add(ActionUpdate(action_id=rows[n % actions].id, text="Nytt",
                                            status="ongoing", progress=10,
                                            created_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        url = f"/styrdokument/{plan.id}/uppfoljning/{local_now().year}"
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 14
