"""Pages shared between signed-in residents (app/core/page_cache.py): what is
shared, what each person gets of their own on every answer, and who is never
served a shared page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.core import page_cache as pc
from app.core.models import utcnow
from app.core.notifications import Notification
from app.core.page_cache import PageCache
from app.extensions import db
from tests.factories import PASSWORD

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


@pytest.fixture
def cache(app) -> Iterator[PageCache]:
    cache = app.extensions["page_cache"]
    cache.seconds = 60
    cache.memory.clear()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield cache
    finally:
        cache.seconds = 0
        cache.memory.clear()
        app.config["WTF_CSRF_ENABLED"] = False


def signed_in(app, email: str) -> FlaskClient:
    """A browser that signed in through the form (so its session holds what a
    real one does), with the welcome message already shown."""
    client = app.test_client()
    page = client.get("/konto/logga-in")
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    answer = client.post("/konto/logga-in", data={
        "email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302
    client.get("/konto")  # shows and drops the flash message
    return client


def status(response) -> str | None:
    return response.headers.get(pc.STATUS_HEADER)


def text(response) -> str:
    return response.get_data(as_text=True)


def test_residents_share_a_page_with_their_own_token_and_notifications(app, cache, make, pf):
    pf.proposal(title="Fler bänkar i parken")
    anna, bo = make.user(), make.user()
    for _ in range(2):
        db.session.add(Notification(user_id=anna.id, category="own", kind="answered",
                                    title="Ditt förslag har fått svar", url="/forslag",
                                    delivery="instant"))
    db.session.commit()
    first = signed_in(app, anna.email)
    second = signed_in(app, bo.email)

    mine, theirs = first.get("/forslag"), second.get("/forslag")

    assert (status(mine), status(theirs)) == ("miss", "hit")
    assert "Fler bänkar i parken" in text(theirs)
    assert "<!--page-cache:" not in text(mine) + text(theirs)
    assert TOKEN.search(text(mine)).group(1) != TOKEN.search(text(theirs)).group(1)
    assert '<span class="nav-count">2' in text(mine)
    assert "nav-count" not in text(theirs)
    # The token in the shared page is the person's own: signing out with it works.
    token = TOKEN.search(text(theirs)).group(1)
    assert second.post("/konto/logga-ut", data={"csrf_token": token}).status_code == 302
    assert "/konto/logga-ut" not in text(second.get("/forslag"))


def test_the_front_page_names_each_person(app, cache, make):
    astrid = make.user(display_name="Astrid Ek")
    bertil = make.user(display_name="Bertil Berg")

    first = signed_in(app, astrid.email).get("/")
    second = signed_in(app, bertil.email).get("/")

    assert (status(first), status(second)) == ("miss", "hit")
    assert "Astrid Ek" in text(first) and "Bertil Berg" not in text(first)
    assert "Bertil Berg" in text(second) and "Astrid Ek" not in text(second)


def test_visitors_and_residents_never_share(app, cache, make, pf):
    pf.proposal()
    app.test_client().get("/forslag")
    resident = signed_in(app, make.user().email).get("/forslag")
    visitor = app.test_client().get("/forslag")

    assert (status(resident), status(visitor)) == ("miss", "hit")
    assert "/konto/logga-ut" in text(resident)
    assert "/konto/logga-ut" not in text(visitor)


def test_staff_and_blocked_accounts_get_a_page_of_their_own(app, cache, make, pf):
    pf.proposal()
    signed_in(app, make.user().email).get("/forslag")
    blocked = make.user()
    blocked.blocked_until = utcnow() + timedelta(days=3)
    db.session.commit()

    for person in (make.user("moderator"), make.user("official"), make.user("admin"), blocked):
        page = signed_in(app, person.email).get("/forslag")
        assert status(page) is None, person.role
        assert "<!--page-cache:" not in text(page)


def test_each_language_has_its_own_copy(app, cache, make):
    swedish = signed_in(app, make.user(locale="sv").email).get("/")
    english = signed_in(app, make.user(locale="en").email).get("/")

    assert (status(swedish), status(english)) == ("miss", "miss")
    assert '<html lang="sv">' in text(swedish)
    assert '<html lang="en">' in text(english)


def test_a_waiting_message_is_shown_once_in_the_shared_page(app, cache, make, pf):
    pf.proposal()
    person = signed_in(app, make.user().email)
    person.get("/forslag")
    with person.session_transaction() as session:
        session["_flashes"] = [("success", "Tack för ditt stöd!")]

    page = person.get("/forslag")

    assert status(page) == "hit"
    assert "Tack för ditt stöd!" in text(page)
    again = person.get("/forslag")
    assert status(again) == "hit"
    assert "Tack för ditt stöd!" not in text(again)
    with person.session_transaction() as session:
        assert "_flashes" not in session


def test_a_message_in_a_page_being_stored_is_shown_to_its_person_only(app, cache, make, pf):
    pf.proposal()
    person = signed_in(app, make.user().email)
    with person.session_transaction() as session:
        session["_flashes"] = [("success", "Tack för ditt stöd!")]

    first = person.get("/forslag")
    second = signed_in(app, make.user().email).get("/forslag")

    assert (status(first), status(second)) == ("miss", "hit")
    assert "Tack för ditt stöd!" in text(first)
    assert "Tack för ditt stöd!" not in text(second)


def test_a_page_that_holds_the_persons_address_is_not_stored(app, cache, make, pf):
    pf.proposal(title="Frågor till kultur@example.org om biblioteket")
    person = make.user(email="kultur@example.org")
    client = signed_in(app, person.email)

    assert status(client.get("/forslag")) == "miss"
    assert status(client.get("/forslag")) == "miss"
    other = signed_in(app, make.user().email)
    assert status(other.get("/forslag")) == "miss"
    assert status(other.get("/forslag")) == "hit"


def cached_proposal_page(app, make, pf):
    """A proposal whose page a resident has from the cache: (proposal, its path,
    the resident's browser)."""
    proposal = pf.proposal()
    path = f"/forslag/{proposal.reference}"
    resident = signed_in(app, make.user().email)
    resident.get(path)
    assert status(resident.get(path)) == "hit"
    return proposal, path, resident


def test_a_change_drops_the_shared_pages(app, cache, make, pf, login_as, moderator):
    proposal, path, resident = cached_proposal_page(app, make, pf)

    app.config["WTF_CSRF_ENABLED"] = False
    assert login_as(moderator).post(f"{path}/status", data={
        "status": "answered", "decision": "accepted",
        "reason": "Vi bygger bänkarna i vår"}).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True

    after = resident.get(path)
    assert status(after) == "miss"
    assert "Vi bygger bänkarna i vår" in text(after)


# --- the proposal page --------------------------------------------------------


def test_the_author_and_commenters_get_their_own_buttons_from_the_cache(app, cache, make, pf):
    author, commenter = make.user(), make.user()
    proposal = pf.proposal(author=author)
    comment = pf.comment(proposal, commenter, body="Bra idé, jag hjälper till")
    path = f"/forslag/{proposal.reference}"
    delete = f"/forslag/{proposal.reference}/kommentarer/{comment.id}/ta-bort"
    report_comment = f"/anmal/kommentar/{comment.id}"
    report_proposal = f"/anmal/forslag/{proposal.id}"
    signed_in(app, make.user().email).get(path)

    own = signed_in(app, author.email).get(path)
    commented = signed_in(app, commenter.email).get(path)
    other = signed_in(app, make.user().email).get(path)

    assert [status(page) for page in (own, commented, other)] == ["hit", "hit", "hit"]
    assert "Dra tillbaka förslaget" in text(own)
    assert report_proposal not in text(own) and report_comment in text(own)
    assert delete in text(commented) and report_comment not in text(commented)
    assert report_proposal in text(commented)
    assert "Dra tillbaka förslaget" not in text(other) and delete not in text(other)
    assert report_comment in text(other) and report_proposal in text(other)
    for page in (own, commented, other):
        assert "<!--page-cache:" not in text(page)
    # The author's withdrawal form carries their own token.
    client = signed_in(app, author.email)
    page = text(client.get(path))
    form = page[page.index(f"/forslag/{proposal.reference}/dra-tillbaka"):]
    token = TOKEN.search(form).group(1)
    assert client.post(f"/forslag/{proposal.reference}/dra-tillbaka",
                       data={"csrf_token": token}).status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == "withdrawn"


def test_support_panel_and_comment_form_are_each_persons_own(app, cache, make, pf):
    proposal = pf.proposal()
    path = f"/forslag/{proposal.reference}"
    supporter, reader = make.user(), make.user()
    supporter_client, reader_client = signed_in(app, supporter.email), signed_in(app,
                                                                                   reader.email)
    count_before = re.search(r'class="stat-number">(\d+)<',
                             text(reader_client.get(path))).group(1)

    page = supporter_client.get(path)
    token = TOKEN.search(text(page)).group(1)
    assert supporter_client.post(f"{path}/stod", data={"csrf_token": token}).status_code == 302
    supporter_client.get(path)  # shows the thank-you message
    supporters_page = supporter_client.get(path)
    readers_page = reader_client.get(path)

    assert (status(supporters_page), status(readers_page)) == ("hit", "hit")
    assert "Du stöder det här förslaget." in text(supporters_page)
    assert "Du stöder det här förslaget." not in text(readers_page)
    assert "Stöd förslaget" in text(readers_page)
    # The count is part of the panel: up to date on every answer.
    for answer in (supporters_page, readers_page):
        count = re.search(r'class="stat-number">(\d+)<', text(answer)).group(1)
        assert int(count) == int(count_before) + 1


def test_submission_keys_are_new_on_every_answer(app, cache, make, pf):
    proposal = pf.proposal()
    pf.comment(proposal, body="Första kommentaren")
    path = f"/forslag/{proposal.reference}"
    person = signed_in(app, make.user().email)

    pages = [person.get(path) for _ in range(2)]

    assert [status(page) for page in pages] == ["miss", "hit"]
    keys = [KEY.findall(text(page)) for page in pages]
    assert all(len(found) == 2 for found in keys)  # the reply and the new comment
    assert not set(keys[0]) & set(keys[1])
    # A key from the shared page sends the comment once, and only once.
    token = TOKEN.search(text(pages[1])).group(1)
    form = {"body": "Jag håller med", "submission_key": keys[1][1], "acting_as": "",
            "csrf_token": token}
    assert person.post(f"{path}/kommentarer", data=form).status_code == 302
    assert person.post(f"{path}/kommentarer", data=form).status_code == 302
    assert text(person.get(path)).count("Jag håller med") == 1


def test_a_hidden_proposal_is_not_shown_from_the_cache(app, cache, make, pf):
    proposal, path, person = cached_proposal_page(app, make, pf)
    proposal.status = "hidden"
    proposal.moderation_reason = "Personuppgifter"
    db.session.commit()

    assert person.get(path).status_code == 404


def test_each_person_sees_their_own_registration_from_the_cache(app, cache, make, df):
    from app.dialogues import services as dialogue_services

    dialogue = df.dialogue()
    meeting = df.meeting(dialogue, capacity=1)
    placed, waiting, other = make.user(), make.user(), make.user()
    dialogue_services.register(meeting, placed)
    dialogue_services.register(meeting, waiting)
    db.session.commit()
    path = f"/dialoger/{dialogue.id}"
    signup = f"/dialoger/{dialogue.id}/moten/{meeting.id}/anmalan"
    signed_in(app, make.user().email).get(path)

    pages = {person: signed_in(app, person.email).get(path)
             for person in (placed, waiting, other)}

    assert [status(page) for page in pages.values()] == ["hit", "hit", "hit"]
    assert "Du har en plats." in text(pages[placed])
    assert "Du står på väntelistan." in text(pages[waiting])
    assert signup not in text(pages[placed]) + text(pages[waiting])
    assert signup in text(pages[other])
    assert "Du har en plats." not in text(pages[other])
    assert "Du står på väntelistan." not in text(pages[other])


def test_marks_hold_only_plain_words():
    with pytest.raises(ValueError):
        pc._word("x--><script>")
    assert pc._word(12) == "12"


def test_what_a_person_added_is_in_the_next_page_they_get(app, cache, make, pf):
    proposal = pf.proposal()
    path = f"/forslag/{proposal.reference}"
    writer, reader = signed_in(app, make.user().email), signed_in(app, make.user().email)
    writer.get(path)
    assert status(reader.get(path)) == "hit"

    token = TOKEN.search(text(writer.get(path))).group(1)
    assert writer.post(f"{path}/kommentarer", data={
        "body": "Bänkar i skuggan, tack", "submission_key": "nyckel-" + "x" * 20,
        "acting_as": "", "csrf_token": token}).status_code == 302
    before = reader.get(path)  # someone else: the stored page, until it expires
    after = writer.get(path)

    assert status(before) == "hit" and "Bänkar i skuggan, tack" not in text(before)
    assert status(after) == "miss" and "Bänkar i skuggan, tack" in text(after)
    assert "Din kommentar är publicerad." in text(after)
    # The page rendered for the writer is the one everyone gets next.
    later = reader.get(path)
    assert status(later) == "hit" and "Bänkar i skuggan, tack" in text(later)
    assert status(writer.get(path)) == "hit"


def test_only_the_last_few_pages_written_to_are_remembered(app, cache, make, pf):
    person = signed_in(app, make.user().email)
    proposals = [pf.proposal() for _ in range(pc.OWN_WRITES_KEPT + 1)]
    for proposal in proposals:
        path = f"/forslag/{proposal.reference}"
        token = TOKEN.search(text(person.get(path))).group(1)
        assert person.post(f"{path}/stod", data={"csrf_token": token}).status_code == 302

    with person.session_transaction() as session:
        noted = [path for path, _when in session[pc.OWN_WRITE_KEY]]
    assert noted == [f"/forslag/{p.reference}" for p in proposals[1:]]
