"""Submitting a proposal: the form, the preview with similar proposals, sending,
references, double submits and bad input."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.core.models import utcnow
from app.extensions import db
from app.proposals import services
from app.proposals.models import (
    Follow,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    ReferenceCounter,
)
from tests.factories import HOSTILE
from tests.proposals.helpers import assert_safe, is_postgres, key, run_in_parallel


def _form(community, theme, /, **overrides) -> dict[str, str]:
    data = {
        "title": "Fler cykelbanor i centrum",
        "body": "Bygg **säkra** cykelbanor längs Storgatan.",
        "community": str(community.id) if community is not None else "hela-kommunen",
        "theme": str(theme.id),
        "submission_key": key(),
        "action": "send",
    }
    data.update(overrides)
    return data


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_signing_in_is_needed_to_bring_a_proposal(client):
    response = client.get("/forslag/nytt")
    assert response.status_code == 302
    assert "/logga-in" in response.headers["Location"] or "login" in response.headers["Location"]


def test_the_form_offers_active_communities_and_themes_and_a_key(client, make, pf, login_as,
                                                                  resident):
    make.community("Norrby", slug="norrby")
    make.community("Gamla byn", slug="gamla-byn", archived=True)
    pf.theme("Trafik")
    pf.theme("Gammalt tema", archived=True)

    html = login_as(resident).get("/forslag/nytt?lokalsamhalle=norrby").get_data(as_text=True)

    assert "Norrby" in html and "Trafik" in html
    assert "Gamla byn" not in html and "Gammalt tema" not in html
    assert 'value="hela-kommunen"' in html
    assert re.search(r'name="submission_key"[^>]*value="[A-Za-z0-9_-]{16,}"', html)


def test_preview_shows_the_proposal_and_creates_nothing(client, make, pf, login_as, resident):
    community = make.community("Norrby")
    theme = pf.theme("Trafik")

    response = login_as(resident).post("/forslag/nytt", data=_form(
        community, theme, title="Fler cykelbanor <script>x</script>", body="Bygg **nu**. "
        + HOSTILE, action="preview"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Fler cykelbanor &lt;script&gt;x&lt;/script&gt;" in html
    assert "<strong>nu</strong>" in html
    assert_safe(html)
    assert 'value="send"' in html
    assert _count(Proposal) == 0


def test_preview_lists_at_most_five_similar_public_proposals_best_first(
        client, make, pf, login_as, resident):
    theme = pf.theme()
    best = pf.proposal(title="Cykelbana längs sjön", body="En cykelbana runt sjön.",
                       theme_=theme)
    weaker = pf.proposal(title="Bänkar i parken", body="Och en cykelbana.", theme_=theme)
    for n in range(5):
        pf.proposal(title=f"Cykelbanor nummer {n}", body="Fler cykelbanor.", theme_=theme)
    waiting = pf.proposal(title="Cykelbanan vid sjön", status=ProposalStatus.SUBMITTED,
                          theme_=theme)
    hidden = pf.proposal(title="Cykelbanan längs sjön", status=ProposalStatus.HIDDEN,
                         theme_=theme)
    unrelated = pf.proposal(title="Konstgräsplan", body="Fotboll året runt.", theme_=theme)

    html = login_as(resident).post("/forslag/nytt", data=_form(
        None, theme, title="Ny cykelbana längs sjön", body="Cykelbana vid sjön.",
        action="preview")).get_data(as_text=True)

    linked = re.findall(r'href="/forslag/(F-\d{4}-\d{4})#stod"', html)
    assert len(linked) == 5
    assert linked[0] == best.reference
    for absent in (waiting, hidden, unrelated):
        assert absent.reference not in html
    assert weaker.reference not in linked[:1]


def test_preview_without_similar_proposals_says_none_were_found(client, pf, login_as, resident):
    theme = pf.theme()
    pf.proposal(title="Konstgräsplan", body="Fotboll året runt.", theme_=theme)
    html = login_as(resident).post("/forslag/nytt", data=_form(
        None, theme, action="preview")).get_data(as_text=True)
    assert "#stod" not in html


def test_sending_creates_a_submitted_proposal_with_a_reference(client, make, pf, login_as,
                                                               resident):
    community = make.community("Norrby")
    theme = pf.theme()

    response = login_as(resident).post("/forslag/nytt", data=_form(community, theme))

    proposal = db.session.scalars(select(Proposal)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forslag/{proposal.reference}")
    assert proposal.reference == f"F-{utcnow().year}-0001"
    assert proposal.status == ProposalStatus.SUBMITTED
    assert (proposal.community_id, proposal.theme_id, proposal.author_id) == (
        community.id, theme.id, resident.id)
    assert proposal.published_at is None
    history = db.session.scalars(select(ProposalHistory)).one()
    assert (history.from_status, history.to_status, history.actor_id) == (
        None, ProposalStatus.SUBMITTED, resident.id)
    assert db.session.scalars(select(Follow.user_id)).all() == [resident.id]


def test_the_whole_municipality_is_a_community_of_none(client, pf, login_as, resident):
    login_as(resident).post("/forslag/nytt", data=_form(None, pf.theme()))
    assert db.session.scalars(select(Proposal)).one().community_id is None


def test_references_count_up_per_year(app_context, pf, resident):
    theme = pf.theme()
    year = utcnow().year
    references = [services.submit_proposal(resident, f"Förslag nummer {n}", "Text", None,
                                           theme.id).reference for n in range(3)]
    db.session.commit()
    assert references == [f"F-{year}-0001", f"F-{year}-0002", f"F-{year}-0003"]
    assert services.next_reference(1999) == "F-1999-0001"


def test_sending_the_same_form_twice_creates_one_proposal(client, pf, login_as, resident):
    data = _form(None, pf.theme())
    client = login_as(resident)

    first = client.post("/forslag/nytt", data=data)
    second = client.post("/forslag/nytt", data=data)

    assert _count(Proposal) == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_someone_elses_submission_key_is_refused_without_an_error(client, make, pf, login_as,
                                                                  resident):
    theme = pf.theme()
    data = _form(None, theme)
    login_as(resident).post("/forslag/nytt", data=data)

    response = login_as(make.user()).post("/forslag/nytt", data={**data, "title": "Ett annat"})

    assert response.status_code == 400
    assert _count(Proposal) == 1


@pytest.mark.parametrize("field, value", [
    ("title", ""),
    ("title", "   "),
    ("title", "Kort"),
    ("title", "x" * 121),
    ("body", ""),
    ("body", " \n\t "),
    ("body", "x" * 5001),
    ("community", ""),
    ("community", "999999"),
    ("community", "99999999999999999999999"),
    ("community", "<script>"),
    ("theme", ""),
    ("theme", "999999"),
    ("theme", "abc"),
    ("submission_key", ""),
    ("submission_key", "kort"),
    ("submission_key", "<script>alert(1)</script>xxxxxxxx"),
    ("submission_key", "x" * 65),
])
@pytest.mark.parametrize("action", ["preview", "send"])
def test_bad_input_is_refused_and_nothing_is_written(client, make, pf, login_as, resident,
                                                     field, value, action):
    community = make.community()
    theme = pf.theme()

    response = login_as(resident).post("/forslag/nytt", data=_form(
        community, theme, action=action, **{field: value}))

    assert response.status_code == 400
    assert_safe(response.get_data(as_text=True))
    assert _count(Proposal) == 0
    assert _count(ReferenceCounter) == 0


def test_an_archived_theme_or_community_cannot_be_chosen(client, make, pf, login_as, resident):
    old_community = make.community(archived=True)
    old_theme = pf.theme(archived=True)
    client = login_as(resident)
    assert client.post("/forslag/nytt", data=_form(old_community, pf.theme())).status_code == 400
    assert client.post("/forslag/nytt", data=_form(None, old_theme)).status_code == 400
    assert _count(Proposal) == 0


def test_hostile_html_is_stored_as_text_and_shown_escaped(client, pf, login_as, resident):
    client = login_as(resident)
    client.post("/forslag/nytt", data=_form(None, pf.theme(), title="Park <b>nu</b> tack",
                                            body=HOSTILE))
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.title == "Park <b>nu</b> tack"

    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Park &lt;b&gt;nu&lt;/b&gt; tack" in html
    assert_safe(html)


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("action", ["preview", "send"])
@pytest.mark.parametrize("personal", ["811228-9874", "ring 070-123 45 67"])
def test_personal_data_is_refused_with_a_message(client, pf, login_as, resident, field,
                                                 action, personal):
    text = f"Hej, kontakta mig {personal} om parken"
    response = login_as(resident).post("/forslag/nytt", data=_form(
        None, pf.theme(), action=action, **{field: text}))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    found = personal.removeprefix("ring ")
    assert services.personal_data_message(text) is not None
    assert found in html  # the message names what was found
    assert 'aria-invalid="true"' in html
    assert _count(Proposal) == 0


def test_the_service_refuses_personal_data_too(app_context, pf, resident):
    with pytest.raises(services.ProposalError) as error:
        services.submit_proposal(resident, "Min granne 19811228-9874", "Text", None,
                                 pf.theme().id)
    assert error.value.field == "title"


def test_look_alikes_of_personal_data_are_accepted(client, pf, login_as, resident):
    body = ("Från 2026-11-23 (20261123) kostar det 1 250 000 kr, postnummer 123 45, "
            "åren 2019–2026, öppet kl. 08:00–17:00.")
    response = login_as(resident).post("/forslag/nytt", data=_form(None, pf.theme(), body=body))
    assert response.status_code == 302
    assert _count(Proposal) == 1


def test_concurrent_submissions_get_distinct_references(app, pf, make):
    """On PostgreSQL the submissions overlap (also racing to create the year's
    counter row); on SQLite, with one writer at a time, they run one by one."""
    theme_id = pf.theme().id
    author_ids = [make.user().id for _ in range(8)]

    def submit(author_id: int):
        def work() -> str:
            from app.accounts.models import User

            author = db.session.get(User, author_id)
            proposal = services.submit_proposal(author, f"Förslag från {author_id}",
                                                "Samtidigt inskickat.", None, theme_id,
                                                submission_key=key())
            reference = proposal.reference
            db.session.commit()
            return reference
        return work

    for _round in range(2):  # first without the year's counter row, then with it
        run_in_parallel(app, [submit(author_id) for author_id in author_ids])

    db.session.expire_all()
    references = db.session.scalars(select(Proposal.reference)).all()
    assert len(references) == 16
    assert len(set(references)) == 16
    assert all(re.fullmatch(rf"F-{utcnow().year}-\d{{4}}", r) for r in references)
    if not is_postgres():
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
        assert numbers == list(range(1, 17))
