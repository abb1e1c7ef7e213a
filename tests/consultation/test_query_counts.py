"""The draft page and a section's page issue the same number of queries
however many sections, comments and responses there are."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.consultation.helpers import draft_url, section_url

BUDGET = 16


def _measure(client, count_queries, url: str) -> int:
    client.get(url)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def _fill(cf, of, make, sections: int, comments: int):
    consultation = cf.consultation(sections=sections, commit=False)
    rows = cf.sections(cf.first_version(consultation))
    organisation = of.organisation(commit=False)
    for n in range(comments):
        cf.comment(rows[n % len(rows)], organisation=organisation if n % 2 else None,
                   commit=False)
    for _ in range(max(comments // 5, 1)):
        author = make.user(commit=False)
        db.session.flush()
        cf.response(consultation, of.organisation(author, commit=False), author, commit=False)
    db.session.commit()
    return consultation, rows


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "moderator"])
def test_the_draft_and_section_pages_do_not_grow(client, login_as, make, cf, of,
                                                 count_queries, viewer):
    if viewer != "anonymous":
        login_as(make.user(viewer))
    draft_counts, section_counts = [], []
    for sections, comments in ((2, 3), (12, 60)):
        consultation, rows = _fill(cf, of, make, sections, comments)
        draft_counts.append(_measure(client, count_queries, draft_url(consultation)))
        section_counts.append(_measure(client, count_queries,
                                       section_url(consultation, rows[1])))
    assert draft_counts[0] == draft_counts[1] <= BUDGET
    assert section_counts[0] == section_counts[1] <= BUDGET


def _fill_handled(cf, of, gf, make, moderator, sections: int, comments: int):
    """An ended consultation with two versions, comments as residents, for
    organisations and for groups, responses, all handled, the report published."""
    from app.consultation import handling
    from app.plans.models import Plan

    consultation = cf.consultation(sections=sections, days_before=40, days_after=-1,
                                   commit=False)
    first = cf.first_version(consultation)
    second = cf.version(consultation, copy_of=first)
    rows, later = cf.sections(first), cf.sections(second)
    organisation = of.organisation(communities=[make.community(commit=False)], commit=False)
    group = gf.group(make.user(commit=False), commit=False)
    items = []
    for n in range(comments):
        author = make.user(commit=False)
        db.session.flush()
        items.append(cf.comment(rows[n % len(rows)], author,
                                organisation=organisation if n % 3 == 1 else None,
                                group=group if n % 3 == 2 else None, commit=False))
    for _ in range(max(comments // 5, 1)):
        author = make.user(commit=False)
        db.session.flush()
        items.append(cf.response(consultation, of.organisation(author, commit=False), author,
                                 version_=first, commit=False))
    plan = db.session.get(Plan, consultation.plan_id)
    for n, item in enumerate(items):
        handling.handle(plan, item, moderator, outcome="incorporated", motivation=f"M {n}",
                        used_section_id=later[n % len(later)].id)
    handling.publish_report(plan, consultation, moderator)
    db.session.commit()
    return consultation


REPORT_BUDGET = 20


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "moderator"])
def test_the_report_and_handling_pages_do_not_grow(client, login_as, make, cf, of, gf,
                                                    count_queries, viewer):
    moderator = make.user("moderator")
    if viewer != "anonymous":
        login_as(moderator if viewer == "moderator" else make.user(viewer))
    report_counts, handling_counts = [], []
    for sections, comments in ((2, 3), (10, 45)):
        consultation = _fill_handled(cf, of, gf, make, moderator, sections, comments)
        report_counts.append(_measure(client, count_queries,
                                      f"{draft_url(consultation)}/redogorelse"))
        if viewer == "moderator":
            handling_counts.append(_measure(
                client, count_queries,
                f"/admin/styrdokument/{consultation.plan_id}/samrad/hantering"))
    assert report_counts[0] == report_counts[1] <= REPORT_BUDGET
    if viewer == "moderator":
        assert handling_counts[0] == handling_counts[1] <= REPORT_BUDGET
