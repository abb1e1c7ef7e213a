"""The public proposal lists are read off an index in their order, not sorted.

At 100,000 proposals a sort of every public proposal costs PostgreSQL a few
hundred milliseconds a page. The plans are checked with sorting switched off
(`enable_sort`): the planner then sorts only when no index gives the order, so
the check does not depend on the number of rows or the statistics.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event, text

from app.api import queries as api_queries
from app.communities.models import LocalCommunity
from app.extensions import db
from app.proposals import queries
from app.proposals.models import ProposalStatus
from app.proposals.queries import WHOLE, Filters


@pytest.fixture
def data(app_context, make, pf):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads its plain indexes backwards for this order")
    author = make.user()
    community = make.community()
    theme = pf.theme()
    for n in range(30):
        pf.proposal(author, community=community if n % 2 else None, theme_=theme,
                    status=ProposalStatus.ANSWERED if n % 3 == 0 else ProposalStatus.PUBLISHED,
                    commit=False)
    db.session.commit()
    db.session.execute(text("ANALYZE proposal"))
    return community, theme


def _first_query_plan(run: Callable[[], object]) -> str:
    """The plan PostgreSQL chooses, without sorting if it can, for the first
    query of proposals that `run` issues."""
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    statement, parameters = next((statement, parameters) for statement, parameters in captured
                                 if "FROM proposal" in statement)
    connection = db.session.connection()
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
    db.session.rollback()
    return "\n".join(row[0] for row in rows)


def _assert_read_in_order(plan: str, index: str | None = None) -> None:
    nodes = [line.strip().removeprefix("->").strip() for line in plan.splitlines()]
    assert not [node for node in nodes if node.startswith(("Sort", "Incremental Sort"))], plan
    scans = [node for node in nodes if node.startswith(("Index Scan", "Index Only Scan"))]
    assert scans, plan
    if index is not None:
        assert f"using {index} on proposal" in scans[0], plan


def _page_ids(filters: Filters) -> Callable[[], object]:
    return lambda: db.session.scalars(queries.list_ids(filters).limit(queries.PER_PAGE)).all()


def test_the_default_list_reads_the_newest_index(data):
    _assert_read_in_order(_first_query_plan(_page_ids(Filters())), "ix_proposal_list_newest")


def test_a_later_page_reads_the_same_index(data):
    plan = _first_query_plan(lambda: db.session.scalars(
        queries.list_ids(Filters()).limit(queries.PER_PAGE).offset(40)).all())
    _assert_read_in_order(plan, "ix_proposal_list_newest")


def test_the_answered_sort_reads_its_index(data):
    _assert_read_in_order(_first_query_plan(_page_ids(Filters(sort="answered"))),
                          "ix_proposal_list_answered")


def test_the_filtered_lists_are_read_in_order(data):
    community, theme = data
    for filters in (Filters(community=str(community.id)), Filters(community=WHOLE),
                    Filters(status=ProposalStatus.ANSWERED), Filters(theme=str(theme.id)),
                    Filters(community=str(community.id), sort="answered")):
        _assert_read_in_order(_first_query_plan(_page_ids(filters)))


def test_the_community_page_reads_the_community_index(data):
    community, _ = data
    community = db.session.get(LocalCommunity, community.id)
    _assert_read_in_order(_first_query_plan(lambda: queries.community_proposals(community)),
                          "ix_proposal_community_newest")


@pytest.mark.parametrize("sort, index", [("newest", "ix_proposal_list_newest"),
                                         ("answered", "ix_proposal_list_answered")])
def test_the_api_reads_every_page_off_the_index(app, data, sort, index):
    with app.test_request_context("/api/v1/proposals"):
        first = api_queries.proposals(Filters(), sort, 5)
        plan = _first_query_plan(lambda: api_queries.proposals(Filters(), sort, 5))
    assert first.next_cursor
    _assert_read_in_order(plan, index)
    with app.test_request_context(f"/api/v1/proposals?cursor={first.next_cursor}"):
        plan = _first_query_plan(lambda: api_queries.proposals(Filters(), sort, 5))
    _assert_read_in_order(plan, index)


def test_the_cards_are_loaded_by_the_page_s_ids_not_a_subquery(data):
    """PostgreSQL flattened `id IN (SELECT … LIMIT 20)` into a join of every
    public proposal with the cards' five tables before keeping twenty (~350 ms
    at 100,000 proposals): the page's ids are read first, then only those rows."""
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        page = queries.proposal_page(Filters(), total=30)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert len(page.items) == queries.PER_PAGE
    cards = [statement for statement in captured if "JOIN" in statement]
    assert len(cards) == 1, captured
    assert cards[0].count("SELECT") == 1, cards[0]


def test_a_page_of_comments_is_read_off_the_thread_index(data, make, pf):
    """Oldest first, id for equal times: ix_comment_thread_order holds that
    order, and naming parent_id in the ORDER BY lets PostgreSQL use it (it does
    not take `parent_id IS NULL` as fixing the column), instead of walking the
    statistics index over every comment of the municipality."""
    proposal = pf.proposal(make.user())
    for _ in range(3):
        pf.comment(proposal)
    db.session.execute(text("ANALYZE comment"))
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        page = queries.comment_page(proposal, 1)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert len(page.items) == 3
    statement, parameters = next((s, p) for s, p in captured
                                 if "FROM comment" in s and "LIMIT" in s)
    connection = db.session.connection()
    # Any order not read off an index would need a sort; with both kinds of sort
    # off the planner shows whether an index gives this one.
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    connection.exec_driver_sql("SET LOCAL enable_incremental_sort = off")
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(row[0] for row in connection.exec_driver_sql(
        "EXPLAIN " + statement, parameters).all())
    db.session.rollback()
    assert "ix_comment_thread_order" in plan, plan
    assert "Sort" not in plan, plan
