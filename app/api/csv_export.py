"""The open-data CSV files, written while they are read.

Rows are read in chunks of CHUNK_SIZE by id (`WHERE id > last id ORDER BY id
LIMIT n`), each chunk written and sent before the next is read: a file of
100,000 rows never sits in memory, and no database cursor or transaction stays
open between chunks. Plain column rows are selected, not ORM objects, so the
session's identity map does not grow either.

The files are UTF-8 with a byte order mark and `;` between columns, which is
what Swedish Excel expects when a file is opened by double-click; other tools
read them as ordinary CSV (RFC 4180 quoting, CRLF line ends) with `;` as the
separator. Cells that a spreadsheet would run as a formula get a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from flask import current_app, url_for
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.api.serializers import iso, iso_date
from app.api.text import as_plain
from app.communities.models import LocalCommunity, Theme
from app.core.spreadsheet import protect
from app.dialogues.models import Dialogue, Meeting
from app.extensions import db
from app.organisations.models import Organisation
from app.plans.models import (
    Action,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanStatus,
    ProposalActionLink,
)
from app.proposals.models import PUBLIC_STATUSES, Proposal

CHUNK_SIZE = 1000
BOM = "\ufeff"


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return iso_date(value)
    if isinstance(value, str):
        return protect(value)
    return value


def _url_maker(endpoint: str, argument: str) -> Callable[[object], str]:
    """Absolute page links, built once and filled in per row (url_for per row is slow)."""
    marker = 987654321  # fits both the int converter and a reference
    pattern = url_for(endpoint, _external=True, **{argument: marker})
    head, _sep, tail = pattern.rpartition(str(marker))
    return lambda value: f"{head}{value}{tail}"


def stream(statement, id_column, header: Sequence[str],
           to_cells: Callable[[object], Sequence]) -> Iterator[bytes]:
    """The CSV file in pieces: the header, then one piece per chunk of rows.

    The pieces are made while the response is sent, after the request is over:
    each chunk is read in an application context (and database session) of its
    own, opened and closed within the step that reads it.
    """
    app = current_app._get_current_object()

    def pieces() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

        def flush() -> bytes:
            piece = buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            return piece

        buffer.write(BOM)
        writer.writerow(header)
        yield flush()
        last_id, more = 0, True
        while more:
            with app.app_context():
                rows = db.session.execute(statement.where(id_column > last_id)
                                          .order_by(id_column).limit(CHUNK_SIZE)).all()
                for row in rows:
                    writer.writerow([_cell(value) for value in to_cells(row)])
            more = len(rows) == CHUNK_SIZE
            if rows:
                last_id = rows[-1].id
                yield flush()

    return pieces()


PROPOSAL_COLUMNS = (
    "reference", "title", "status", "decision", "community", "theme", "author_name",
    "organisation", "dialogue_id", "support_count", "organisation_support_count",
    "comment_count", "published_at", "answered_at", "body_text", "html_url",
)


def proposals() -> Iterator[bytes]:
    author = aliased(User)
    statement = (
        select(Proposal.id, Proposal.reference, Proposal.title, Proposal.status,
               Proposal.decision, LocalCommunity.name.label("community"),
               Theme.name.label("theme"),
               case((author.deleted_at.is_(None), author.display_name),
                    else_=None).label("author_name"),
               Organisation.name.label("organisation"), Proposal.dialogue_id,
               Proposal.support_count, Proposal.organisation_support_count,
               Proposal.comment_count, Proposal.published_at, Proposal.answered_at,
               Proposal.body)
        .join(Theme, Theme.id == Proposal.theme_id)
        .outerjoin(LocalCommunity, LocalCommunity.id == Proposal.community_id)
        .outerjoin(author, author.id == Proposal.author_id)
        .outerjoin(Organisation, Organisation.id == Proposal.organisation_id)
        .where(Proposal.status.in_(PUBLIC_STATUSES)))
    page = _url_maker("proposals.show", "reference")
    return stream(statement, Proposal.id, PROPOSAL_COLUMNS, lambda row: (
        row.reference, row.title, row.status, row.decision, row.community, row.theme,
        row.author_name, row.organisation, row.dialogue_id, row.support_count,
        row.organisation_support_count, row.comment_count, row.published_at,
        row.answered_at, as_plain(row.body), page(row.reference)))


ACTION_COLUMNS = (
    "id", "plan_id", "plan_title", "plan_registry_number", "challenge", "commitment", "text",
    "responsible", "follow_up_report", "follow_up_year", "status", "progress", "starts_on",
    "ends_on", "updated_at", "linked_proposal_count", "linked_dialogue_count", "html_url",
)


def actions() -> Iterator[bytes]:
    proposal_count = (select(func.count()).select_from(ProposalActionLink)
                      .join(Proposal, Proposal.id == ProposalActionLink.proposal_id)
                      .where(ProposalActionLink.action_id == Action.id,
                             Proposal.status.in_(PUBLIC_STATUSES))
                      .correlate(Action).scalar_subquery())
    dialogue_count = (select(func.count()).select_from(DialogueActionLink)
                      .where(DialogueActionLink.action_id == Action.id)
                      .correlate(Action).scalar_subquery())
    statement = (
        select(Action.id, Plan.id.label("plan_id"), Plan.title.label("plan_title"),
               Plan.registry_number, Challenge.title.label("challenge"),
               Commitment.quote.label("commitment"), Action.text, Action.responsible,
               Action.follow_up_report, Action.follow_up_year, Action.status,
               Action.progress, Action.starts_on, Action.ends_on, Action.updated_at,
               proposal_count.label("proposal_count"),
               dialogue_count.label("dialogue_count"))
        .join(Commitment, Commitment.id == Action.commitment_id)
        .join(Challenge, Challenge.id == Commitment.challenge_id)
        .join(Plan, Plan.id == Challenge.plan_id)
        .where(Plan.status != PlanStatus.DRAFT))
    page = _url_maker("plans.action", "action_id")
    return stream(statement, Action.id, ACTION_COLUMNS, lambda row: (
        row.id, row.plan_id, row.plan_title, row.registry_number, row.challenge,
        row.commitment, row.text, row.responsible, row.follow_up_report, row.follow_up_year,
        row.status, row.progress, row.starts_on, row.ends_on, row.updated_at,
        row.proposal_count, row.dialogue_count, page(row.id)))


DIALOGUE_COLUMNS = (
    "id", "title", "community", "status", "participation_level", "organising_unit",
    "proposals_from", "proposals_until", "meeting_count", "proposal_count",
    "feedback_published_at", "created_at", "html_url",
)


def dialogues() -> Iterator[bytes]:
    meeting_count = (select(func.count()).select_from(Meeting)
                     .where(Meeting.dialogue_id == Dialogue.id)
                     .correlate(Dialogue).scalar_subquery())
    proposal_count = (select(func.count()).select_from(Proposal)
                      .where(Proposal.dialogue_id == Dialogue.id,
                             Proposal.status.in_(PUBLIC_STATUSES))
                      .correlate(Dialogue).scalar_subquery())
    statement = (
        select(Dialogue.id, Dialogue.title, LocalCommunity.name.label("community"),
               Dialogue.status, Dialogue.participation_level, Dialogue.organising_unit,
               Dialogue.proposals_from, Dialogue.proposals_until,
               meeting_count.label("meeting_count"), proposal_count.label("proposal_count"),
               Dialogue.feedback_published_at, Dialogue.created_at)
        .outerjoin(LocalCommunity, LocalCommunity.id == Dialogue.community_id))
    page = _url_maker("dialogues.show", "dialogue_id")
    return stream(statement, Dialogue.id, DIALOGUE_COLUMNS, lambda row: (
        row.id, row.title, row.community, row.status, row.participation_level,
        row.organising_unit, row.proposals_from, row.proposals_until, row.meeting_count,
        row.proposal_count,
        row.feedback_published_at if row.status == "feedback_published" else None,
        row.created_at, page(row.id)))


def summary() -> dict[str, dict]:
    """How many rows each file has and when its data last changed (three queries)."""
    def figures(statement) -> dict:
        count, latest = db.session.execute(statement).one()
        return {"count": count, "updated_at": latest}

    return {
        "proposals": figures(select(func.count(), func.max(Proposal.updated_at))
                             .where(Proposal.status.in_(PUBLIC_STATUSES))),
        "actions": figures(select(func.count(), func.max(Action.updated_at))
                           .join(Commitment, Commitment.id == Action.commitment_id)
                           .join(Challenge, Challenge.id == Commitment.challenge_id)
                           .join(Plan, Plan.id == Challenge.plan_id)
                           .where(Plan.status != PlanStatus.DRAFT)),
        "dialogues": figures(select(func.count(), func.max(Dialogue.updated_at))),
    }
