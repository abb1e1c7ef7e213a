"""The influence dialogue pages in a real browser: the list and its filters, a
dialogue's story (question → meetings → proposals → answers), signing up for a
meeting with the waiting list, the organisers' participant list, creating
dialogues and meetings, recording a meeting's outcome and proposals, sending a
proposal within a dialogue, and closing a dialogue with its feedback.

Elements are found by id, name, role and attributes rather than by wording,
so the tests hold whatever the Swedish catalogue says. Every page state a test
visits is checked with axe-core.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from flask_babel import force_locale
from sqlalchemy import select

from app.core.permissions import Role
from app.dialogues.labels import LEVEL_EXPLANATIONS, LEVEL_LABELS
from app.dialogues.models import (
    Dialogue,
    DialogueStatus,
    Meeting,
    ParticipationLevel,
    Registration,
    RegistrationStatus,
)
from app.extensions import db
from app.proposals.models import Decision, Proposal, ProposalStatus
from tests import dialogue_factories as df
from tests import organisation_factories as of
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"
FILTER_FORM = "main form[role=search]"


def _fresh(statement):
    db.session.expire_all()
    return db.session.scalars(statement).all()


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _card_titles(page) -> list[str]:
    return page.locator("main .dialogue-card .card-title a").all_inner_texts()


def _assert_linked_error(page, field_id: str) -> None:
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert {a.get_attribute("href") for a in summary.locator("a").all()} == {f"#{field_id}"}
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    assert page.locator(f"#{field_id}-error").inner_text().strip()


def _post_and_expect(page, form: str, status: int) -> None:
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, form)
    assert posted.value.status == status


def _switch_user(page, email: str) -> None:
    submit(page, LOGOUT_FORM)
    log_in(page, email)


def _swedish(text) -> str:
    with force_locale("sv"):
        return str(text)


def test_dialogue_list_filters_by_community_status_and_target_group(page, make):
    norrby = make.community("Norrby", slug="norrby")
    strand = make.community("Strand")
    df.dialogue(title="Torget i Norrby", community=norrby, target_groups=("residents", "young"))
    df.dialogue(title="Hamnen i Strand", community=strand, status=DialogueStatus.PLANNED,
                target_groups=("entrepreneurs",))
    df.dialogue(title="Kommunens budget", status=DialogueStatus.FEEDBACK_PUBLISHED,
                target_groups=("young", "seniors"))

    page.goto("/dialoger")

    assert page.locator("h1").count() == 1
    assert sorted(_card_titles(page)) == ["Hamnen i Strand", "Kommunens budget",
                                          "Torget i Norrby"]
    # Every card carries its status as a word in a badge.
    assert all(text.strip() for text in
               page.locator("main .dialogue-card .card-status .badge").all_inner_texts())
    assert page.locator("main a[href$='/dialoger/ny']").count() == 0  # not an organiser
    check_a11y(page)

    page.select_option("#community", str(norrby.id))
    submit(page, FILTER_FORM)

    assert urlsplit(page.url).path == "/dialoger"
    assert parse_qs(urlsplit(page.url).query)["community"] == [str(norrby.id)]
    assert _card_titles(page) == ["Torget i Norrby"]
    assert page.input_value("#community") == str(norrby.id)
    check_a11y(page)

    page.select_option("#community", "hela-kommunen")
    submit(page, FILTER_FORM)
    assert _card_titles(page) == ["Kommunens budget"]

    page.select_option("#community", "")
    page.select_option("#status", DialogueStatus.PLANNED.value)
    submit(page, FILTER_FORM)

    assert _card_titles(page) == ["Hamnen i Strand"]
    assert page.input_value("#status") == "planned"
    check_a11y(page)

    page.select_option("#status", "")
    page.select_option("#target_group", "young")
    submit(page, FILTER_FORM)

    assert sorted(_card_titles(page)) == ["Kommunens budget", "Torget i Norrby"]
    check_a11y(page)

    page.select_option("#status", DialogueStatus.PLANNED.value)
    submit(page, FILTER_FORM)

    assert _card_titles(page) == []
    assert page.locator("main .card-list").count() == 0
    check_a11y(page)


def test_dialogue_page_tells_question_meetings_proposals_and_answers(page, make):
    norrby = make.community("Norrby", slug="norrby")
    club = of.organisation(name="Norrby IF", communities=[norrby])
    dialogue = df.dialogue(title="Hur ska torget användas?", community=norrby,
                           level=ParticipationLevel.CONSULTATION,
                           target_groups=("residents", "young"))
    dialogue.partners = [club]
    upcoming = df.meeting(dialogue, title="Kvällsmöte på biblioteket", days_ahead=5)
    upcoming.step_free = True
    upcoming.accessibility_info = "Hörselslinga finns i stora salen."
    past = df.meeting(dialogue, title="Promenad på torget", days_ahead=-4)
    past.attendees = 12
    past.summary = "Vi pratade om bänkar."
    answered = pf.proposal(title="Fler bänkar på torget", community=norrby)
    answered.dialogue_id = dialogue.id
    answered.source_meeting_id = past.id
    answered.status = ProposalStatus.ANSWERED
    answered.decision = Decision.ACCEPTED
    answered.answer = "Vi ställer ut tio bänkar till sommaren."
    waiting = pf.proposal(title="Vattenlek för barnen", community=norrby)
    waiting.dialogue_id = dialogue.id
    hidden = pf.proposal(title="Väntar på granskning", community=norrby,
                         status=ProposalStatus.SUBMITTED)
    hidden.dialogue_id = dialogue.id
    db.session.commit()

    page.goto(f"/dialoger/{dialogue.id}")

    assert page.locator("h1").inner_text() == "Hur ska torget användas?"
    assert page.locator("main header .badge").inner_text().strip()  # the status, as a word
    question = page.locator("section[aria-labelledby=question-heading]")
    assert "Vad vill du?" in question.locator(".lead").inner_text()
    assert "<script>" in question.locator(".lead").inner_text()  # shown as text, not run
    ladder = question.locator(".ladder")
    assert _swedish(LEVEL_LABELS[ParticipationLevel.CONSULTATION]) in \
        ladder.locator("h3").inner_text()
    assert _swedish(LEVEL_EXPLANATIONS[ParticipationLevel.CONSULTATION]) in ladder.inner_text()
    assert question.locator(f"a[href='/organisationer/{club.id}']").inner_text() == "Norrby IF"
    assert page.locator("section[aria-labelledby=organiser-heading]").count() == 0

    # The chain, in order: the question, the meetings, proposals and answers, then
    # the actions the dialogue has led to.
    headings = page.locator("main h2[id]").evaluate_all("els => els.map(e => e.id)")
    assert headings == ["question-heading", "meetings-heading", "proposals-heading",
                        "actions-heading"]
    cards = page.locator("section[aria-labelledby=meetings-heading] .meeting-list > li")
    assert cards.evaluate_all("els => els.map(e => e.id)") == \
        [f"mote-{past.id}", f"mote-{upcoming.id}"]  # in time order
    soon = page.locator(f"#mote-{upcoming.id}")
    assert soon.locator(".card-title").inner_text() == "Kvällsmöte på biblioteket"
    assert soon.locator(".card-status .badge").inner_text().strip()
    assert soon.locator(".access-list li").count() == 3
    assert "Hörselslinga finns i stora salen." in soon.locator(".access-list").inner_text()
    assert soon.locator(f"a[href$='/moten/{upcoming.id}.ics']").count() == 1
    assert soon.locator("a[href^='/konto/logga-in']").count() == 1  # sign in to sign up
    held = page.locator(f"#mote-{past.id}")
    assert "Vi pratade om bänkar." in held.locator(".meeting-outcome").inner_text()
    assert held.locator("a[href*='/anmalan'], a[href^='/konto/logga-in']").count() == 0

    proposals = page.locator("#forslag")
    assert proposals.locator(".card-title a").all_inner_texts() == \
        ["Fler bänkar på torget", "Vattenlek för barnen"]  # not the one under review
    assert proposals.locator(f"a[href='/forslag/{answered.reference}']").count() == 1
    assert "tio bänkar" in proposals.locator(".answer-excerpt").inner_text()
    assert "Promenad på torget" in proposals.locator(".card").first.inner_text()
    assert proposals.locator(f"a[href='/forslag/nytt?dialog={dialogue.id}']").count() == 1
    check_a11y(page)

    page.set_viewport_size({"width": 390, "height": 800})
    check_a11y(page)

    response = page.request.get(f"/dialoger/{dialogue.id}/moten/{upcoming.id}.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    assert "Kvällsmöte på biblioteket" in response.text()


def test_sign_up_waiting_list_cancel_and_the_participant_list(page, make, outbox):
    dialogue = df.dialogue(title="Skolvägen")
    meeting = df.meeting(dialogue, title="Möte om skolvägen", capacity=1)
    first = make.user(display_name="Fia Först")
    second = make.user(display_name="Sam Sen")
    organiser = make.user(Role.MODERATOR)
    log_in(page, first.email)

    page.goto(f"/dialoger/{dialogue.id}")
    card = page.locator(f"#mote-{meeting.id}")
    with page.expect_navigation(wait_until="load"):
        card.locator(f"a[href$='/moten/{meeting.id}/anmalan']").click()
    assert "Möte om skolvägen" in page.locator("h1").inner_text()
    assert page.locator("#acting_as").count() == 0  # no organisation to act for
    check_a11y(page)

    page.fill("#needs_interpreter", "Teckenspråk")
    page.fill("#allergies", "Nötter")
    page.fill("#accessibility_needs", "Rullstolsplats")
    submit(page)

    assert urlsplit(page.url).path == f"/dialoger/{dialogue.id}"
    assert urlsplit(page.url).fragment == f"mote-{meeting.id}"
    assert page.locator(".flash-success").count() == 1
    assert card.locator(".registration-state.registration-registered").count() == 1
    assert card.locator(f"form[action$='/moten/{meeting.id}/avanmalan']").count() == 1
    assert "Rullstolsplats" not in page.locator("main").inner_text()  # needs stay private
    check_a11y(page)
    [mine] = _fresh(select(Registration))
    assert (mine.user_id, mine.status, mine.needs_interpreter, mine.allergies,
            mine.accessibility_needs) == \
        (first.id, RegistrationStatus.REGISTERED, "Teckenspråk", "Nötter", "Rullstolsplats")
    [confirmed] = outbox(first.email)
    assert confirmed.kind == "meeting_confirmed"
    assert (confirmed.attachment_name, confirmed.attachment_type) == \
        (f"dialogmote-{meeting.id}.ics", "text/calendar")
    assert "BEGIN:VEVENT" in confirmed.attachment_data
    assert "Möte om skolvägen" in confirmed.attachment_data

    # The meeting is full: the next person goes on the waiting list.
    _switch_user(page, second.email)
    page.goto(f"/dialoger/{dialogue.id}/moten/{meeting.id}/anmalan")
    submit(page)

    assert card.locator(".registration-state.registration-waitlisted").count() == 1
    check_a11y(page)
    assert [m.kind for m in outbox(second.email)] == ["meeting_waitlisted"]
    assert outbox(second.email)[0].attachment_name is None

    # The first cancels; the place goes to the waiting list, who is e-mailed.
    _switch_user(page, first.email)
    page.goto(f"/dialoger/{dialogue.id}")
    submit(page, f"#mote-{meeting.id} form[action$='/avanmalan']")

    assert page.locator(".flash-success").count() == 1
    assert card.locator(".registration-state").count() == 0
    assert card.locator(f"a[href$='/moten/{meeting.id}/anmalan']").count() == 1
    check_a11y(page)
    statuses = {r.user_id: r.status for r in _fresh(select(Registration))}
    assert statuses == {first.id: RegistrationStatus.CANCELLED,
                        second.id: RegistrationStatus.REGISTERED}
    promoted = outbox(second.email)[-1]
    assert promoted.kind == "meeting_confirmed"
    assert promoted.attachment_name == f"dialogmote-{meeting.id}.ics"
    [counted] = _fresh(select(Meeting))
    assert (counted.registered_count, counted.waitlist_count) == (1, 0)

    # The organiser sees who comes and their needs, and can download the list.
    _switch_user(page, organiser.email)
    db.session.execute(Registration.__table__.update()
                       .where(Registration.user_id == first.id)
                       .values(status=RegistrationStatus.WAITLISTED))  # back in line
    db.session.commit()
    page.goto(f"/dialoger/{dialogue.id}")
    with page.expect_navigation(wait_until="load"):
        page.click(f"#mote-{meeting.id} a[href$='/moten/{meeting.id}/deltagare']")

    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert "Sam Sen" in rows.nth(0).inner_text()
    assert "Fia Först" in rows.nth(1).inner_text()
    assert "Rullstolsplats" in rows.nth(1).inner_text()
    assert "Teckenspråk" in rows.nth(1).inner_text()
    assert rows.nth(0).locator(".badge").inner_text().strip()
    check_a11y(page)

    csv_link = page.locator(f"main a[href$='/moten/{meeting.id}/deltagare.csv']")
    response = page.request.get(csv_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    body = response.text()
    assert "Sam Sen" in body and "Rullstolsplats" in body


def test_moderator_creates_a_dialogue_and_adds_a_meeting(page, make):
    norrby = make.community("Norrby")
    moderator = make.user(Role.MODERATOR, display_name="Mona Moderator")
    log_in(page, moderator.email)

    page.goto("/dialoger")
    with page.expect_navigation(wait_until="load"):
        page.click("main a[href$='/dialoger/ny']")
    assert page.input_value("#community") == "hela-kommunen"
    check_a11y(page)

    page.fill("#question", "Hur vill du använda torget?")
    page.fill("#influence_scope", "Var bänkar och planteringar ska stå.")
    page.select_option("#community", str(norrby.id))
    page.select_option("#participation_level", ParticipationLevel.INFLUENCE.value)
    page.check("input[name=target_groups][value=young]")
    page.check(f"input[name=responsible][value='{moderator.id}']")
    _post_and_expect(page, "main form", 400)  # no title

    _assert_linked_error(page, "title")
    assert page.input_value("#question") == "Hur vill du använda torget?"  # nothing is lost
    assert page.is_checked("input[name=target_groups][value=young]")
    check_a11y(page)
    assert _fresh(select(Dialogue)) == []

    page.fill("#title", "Torget i Norrby")
    submit(page)

    [saved] = _fresh(select(Dialogue))
    assert urlsplit(page.url).path == f"/dialoger/{saved.id}"
    assert page.locator(".flash-success").count() == 1
    assert page.locator("h1").inner_text() == "Torget i Norrby"
    assert (saved.status, saved.community_id, saved.participation_level, saved.created_by_id) \
        == (DialogueStatus.PLANNED, norrby.id, "influence", moderator.id)
    assert [u.id for u in saved.responsible] == [moderator.id]
    assert page.locator("section[aria-labelledby=organiser-heading]").count() == 1
    # A planned dialogue can only be opened.
    assert page.locator("#status option").evaluate_all("els => els.map(e => e.value)") == \
        ["open"]
    check_a11y(page)

    with page.expect_navigation(wait_until="load"):
        page.click(f"main a[href$='/dialoger/{saved.id}/moten/nytt']")
    check_a11y(page)

    page.fill("#title", "Kvällsmöte på biblioteket")
    page.fill("#starts_at", "2030-05-14T18:00")
    page.fill("#ends_at", "2030-05-14T17:00")  # before it starts
    page.fill("#place", "Biblioteket")
    page.check("#step_free")
    page.fill("#accessibility_info", "Hörselslinga i stora salen.")
    page.fill("#capacity", "30")
    _post_and_expect(page, "main form", 400)

    _assert_linked_error(page, "ends_at")
    assert page.input_value("#title") == "Kvällsmöte på biblioteket"
    check_a11y(page)
    assert _fresh(select(Meeting)) == []

    page.fill("#ends_at", "2030-05-14T20:00")
    submit(page)

    [meeting] = _fresh(select(Meeting))
    assert urlsplit(page.url).fragment == f"mote-{meeting.id}"
    # Entered in Swedish summer time, stored in UTC.
    assert _naive_utc(meeting.starts_at) == datetime(2030, 5, 14, 16, 0)
    assert _naive_utc(meeting.ends_at) == datetime(2030, 5, 14, 18, 0)
    assert (meeting.capacity, meeting.step_free, meeting.hearing_loop) == (30, True, False)
    card = page.locator(f"#mote-{meeting.id}")
    assert card.locator(".card-title").inner_text() == "Kvällsmöte på biblioteket"
    assert "Hörselslinga i stora salen." in card.locator(".access-list").inner_text()
    check_a11y(page)


def test_recording_the_outcome_and_a_proposal_from_a_past_meeting(page, make):
    norrby = make.community("Norrby")
    theme = pf.theme("Park och natur")
    club = of.organisation(name="Norrby IF", communities=[norrby])
    moderator = make.user(Role.MODERATOR)
    dialogue = df.dialogue(title="Parken", community=norrby)
    meeting = df.meeting(dialogue, title="Vandring i parken", days_ahead=-2)
    log_in(page, moderator.email)

    page.goto(f"/dialoger/{dialogue.id}")
    card = page.locator(f"#mote-{meeting.id}")
    assert card.locator(f"form[action$='/moten/{meeting.id}/stall-in']").count() == 0  # past
    with page.expect_navigation(wait_until="load"):
        card.locator(f"a[href$='/moten/{meeting.id}/utfall']").click()
    check_a11y(page)

    page.fill("#attendees", "14")
    page.check(f"input[name=organisations_present][value='{club.id}']")
    page.fill("#summary", "Vi gick runt i parken och **pratade** om lekplatsen.")
    submit(page)

    assert urlsplit(page.url).fragment == f"mote-{meeting.id}"
    outcome = card.locator(".meeting-outcome")
    assert "Norrby IF" in outcome.inner_text()
    assert outcome.locator(".prose strong").inner_text() == "pratade"
    check_a11y(page)
    [saved] = _fresh(select(Meeting))
    assert (saved.attendees, [o.id for o in saved.organisations_present]) == (14, [club.id])

    with page.expect_navigation(wait_until="load"):
        card.locator(f"a[href$='/moten/{meeting.id}/forslag']").click()
    check_a11y(page)

    page.fill("#title", "Ny lekplats i parken")
    page.fill("#body", "Flera barnfamiljer vill ha en lekplats vid dammen.")
    page.select_option("#theme", str(theme.id))
    submit(page)

    [proposal] = _fresh(select(Proposal))
    assert (proposal.dialogue_id, proposal.source_meeting_id, proposal.status,
            proposal.community_id) == \
        (dialogue.id, meeting.id, ProposalStatus.PUBLISHED, norrby.id)
    assert urlsplit(page.url).fragment == "forslag"
    assert proposal.reference in page.locator(".flash-success").inner_text()
    link = page.locator(f"#forslag a[href='/forslag/{proposal.reference}']")
    assert link.inner_text() == "Ny lekplats i parken"
    assert "Vandring i parken" in page.locator("#forslag .card .meta").inner_text()
    check_a11y(page)


def test_send_a_proposal_within_an_open_dialogue(page, make):
    norrby = make.community("Norrby")
    theme = pf.theme("Trafik")
    resident = make.user(display_name="Rut Resident")
    dialogue = df.dialogue(title="Trafiken vid skolan", community=norrby)
    log_in(page, resident.email)

    page.goto(f"/dialoger/{dialogue.id}")
    with page.expect_navigation(wait_until="load"):
        page.click(f"#forslag a[href='/forslag/nytt?dialog={dialogue.id}']")

    form = page.locator("main form.proposal-form")
    assert form.locator("select#community").count() == 0  # the dialogue decides
    assert "Trafiken vid skolan" in form.locator(".notice").inner_text()
    check_a11y(page)

    page.fill("#title", "Farthinder vid skolan")
    page.fill("#body", "Bilarna kör för fort på morgonen.")
    page.select_option("#theme", str(theme.id))
    submit(page, "main form.proposal-form")

    assert page.locator("#preview-heading").count() == 1
    assert form.locator(".notice").count() == 1
    check_a11y(page)

    submit(page, "main form.proposal-form")  # the first button: send

    [saved] = _fresh(select(Proposal).where(Proposal.author_id == resident.id))
    assert (saved.dialogue_id, saved.community_id, saved.theme_id) == \
        (dialogue.id, norrby.id, theme.id)
    assert page.url.endswith(f"/forslag/{saved.reference}")
    assert page.locator("h1").inner_text() == "Farthinder vid skolan"
    back = page.locator(f"main a[href='/dialoger/{dialogue.id}']")
    assert back.inner_text() == "Trafiken vid skolan"
    check_a11y(page)


def test_close_a_dialogue_and_publish_the_feedback(page, make, outbox):
    norrby = make.community("Norrby")
    moderator = make.user(Role.MODERATOR)
    participant = make.user(display_name="Pia Deltagare")
    author = make.user(display_name="Axel Författare")
    other_author = make.user()
    dialogue = df.dialogue(title="Badplatsen", community=norrby)
    meeting = df.meeting(dialogue, days_ahead=-3)
    db.session.add(Registration(meeting_id=meeting.id, user_id=participant.id,
                                status=RegistrationStatus.REGISTERED))
    answered = pf.proposal(author, title="Längre brygga vid badet", community=norrby)
    later = pf.proposal(other_author, title="Fler soptunnor vid badet", community=norrby)
    answered.dialogue_id = later.dialogue_id = dialogue.id
    db.session.commit()
    log_in(page, moderator.email)

    page.goto(f"/dialoger/{dialogue.id}")
    assert page.locator("main a[href$='/aterkoppling']").count() == 0  # not closed yet
    page.select_option("#status", DialogueStatus.CLOSED.value)
    submit(page, f"main form[action$='/dialoger/{dialogue.id}/status']")

    assert page.locator(".flash-success").count() == 1
    assert [d.status for d in _fresh(select(Dialogue))] == [DialogueStatus.CLOSED]
    assert page.locator("#forslag a[href^='/forslag/nytt']").count() == 0  # no new proposals
    check_a11y(page)

    with page.expect_navigation(wait_until="load"):
        page.click(f"main a[href$='/dialoger/{dialogue.id}/aterkoppling']")
    check_a11y(page)

    page.fill("#heard", "Många vill ha en **längre** brygga.")
    page.fill("#next_steps", "Tekniska nämnden beslutar i maj.")
    page.select_option(f"#decision_{answered.id}", Decision.ACCEPTED.value)
    _post_and_expect(page, "main form", 400)  # an answer without a motivation

    _assert_linked_error(page, f"motivation_{answered.id}")
    assert page.input_value("#heard") == "Många vill ha en **längre** brygga."
    assert page.input_value(f"#decision_{answered.id}") == "accepted"
    check_a11y(page)
    assert outbox() == []

    page.fill(f"#motivation_{answered.id}", "Bryggan förlängs till sommaren.")
    submit(page)

    assert urlsplit(page.url).path == f"/dialoger/{dialogue.id}"
    assert page.locator(".flash-success").count() == 1
    [done] = _fresh(select(Dialogue))
    assert done.status == DialogueStatus.FEEDBACK_PUBLISHED
    proposals = {p.id: (p.status, p.decision, p.answer) for p in _fresh(select(Proposal))}
    assert proposals == {
        answered.id: (ProposalStatus.ANSWERED, Decision.ACCEPTED,
                      "Bryggan förlängs till sommaren."),
        later.id: (ProposalStatus.PUBLISHED, None, None),
    }
    feedback = page.locator("section[aria-labelledby=feedback-heading]")
    assert feedback.locator(".prose strong").inner_text() == "längre"
    assert "Tekniska nämnden beslutar i maj." in feedback.inner_text()
    answered_card = page.locator("#forslag .card").filter(
        has=page.locator(f"a[href='/forslag/{answered.reference}']"))
    assert "Bryggan förlängs" in answered_card.locator(".answer-excerpt").inner_text()
    assert page.locator("section[aria-labelledby=organiser-heading] form").count() == 0
    check_a11y(page)
    feedback_mail = {m.recipient for m in outbox() if m.kind == "dialogue_feedback"}
    assert feedback_mail == {participant.email, author.email, other_author.email}
