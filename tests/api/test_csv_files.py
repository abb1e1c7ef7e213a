"""The CSV files: streamed in chunks, UTF-8 with BOM and `;`, public rows only."""

from __future__ import annotations

import csv
import io

import pytest

from app.api import csv_export
from app.extensions import db
from tests.api.helpers import build_world


def read_csv(response) -> list[dict]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_proposals_file(client, make, pf, df, plf):
    world = build_world(make, pf, df, plf)
    response = client.get("/oppna-data/forslag.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="forslag.csv"'
    [row] = read_csv(response)
    assert list(row) == list(csv_export.PROPOSAL_COLUMNS)
    assert row["reference"] == world.proposal.reference
    assert row["community"] == "Norrby"
    assert row["author_name"] == "Anna Andersson"
    assert row["dialogue_id"] == str(world.dialogue.id)
    assert row["published_at"].endswith("+00:00")
    assert row["html_url"].endswith(f"/forslag/{world.proposal.reference}")
    assert "**" not in row["body_text"]


def test_the_actions_and_dialogues_files(client, make, pf, df, plf):
    world = build_world(make, pf, df, plf)
    [action] = read_csv(client.get("/oppna-data/atgarder.csv"))
    assert list(action) == list(csv_export.ACTION_COLUMNS)
    assert action["id"] == str(world.action.id)
    assert action["plan_id"] == str(world.plan.id)
    assert action["linked_proposal_count"] == "1"  # the hidden and unreviewed are not counted
    assert action["linked_dialogue_count"] == "1"
    [dialogue] = read_csv(client.get("/oppna-data/dialoger.csv"))
    assert list(dialogue) == list(csv_export.DIALOGUE_COLUMNS)
    assert dialogue["id"] == str(world.dialogue.id)
    assert dialogue["meeting_count"] == "1"
    assert dialogue["proposal_count"] == "1"


def test_cells_a_spreadsheet_would_run_are_made_text(client, pf):
    pf.proposal(title="=HYPERLINK(\"http://example.com\")")
    [row] = read_csv(client.get("/oppna-data/forslag.csv"))
    assert row["title"] == "'=HYPERLINK(\"http://example.com\")"


def test_a_deleted_account_has_no_name_in_the_file(client, make, pf):
    from app.core.models import utcnow

    author = make.user(display_name="Bertil Borttagen")
    pf.proposal(author)
    author.deleted_at = utcnow()
    db.session.commit()
    [row] = read_csv(client.get("/oppna-data/forslag.csv"))
    assert row["author_name"] == ""


@pytest.mark.parametrize("rows, chunks", [(0, 1), (4, 3), (5, 3)])
def test_the_file_is_streamed_and_read_a_chunk_at_a_time(client, make, pf, count_queries,
                                                         monkeypatch, rows, chunks):
    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 2)
    author = make.user()
    for _ in range(rows):
        pf.proposal(author, commit=False)
    db.session.commit()

    response = client.get("/oppna-data/forslag.csv")
    assert response.is_streamed
    with count_queries() as counter:
        pieces = list(response.response)
    chunk_queries = [s for s in counter.statements if "FROM proposal" in s]

    # One query per chunk, each for CHUNK_SIZE rows after the last id sent.
    assert len(chunk_queries) == chunks
    assert all("LIMIT" in statement for statement in chunk_queries)
    # The header, then one piece per chunk that had rows.
    assert len(pieces) == 1 + (rows + 1) // 2
    assert all(piece.count(b"\r\n") <= 2 for piece in pieces[1:])
    assert len(read_csv(client.get("/oppna-data/forslag.csv"))) == rows
