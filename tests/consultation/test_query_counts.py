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
