"""Notifications: who is told what, by their choice, and the pages that show them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts import services as account_services
from app.core import notifications
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.core.notifications import Category, Mode, Notification, NotificationPreference
from app.dialogues import services as dialogue_services
from app.dialogues.models import Registration
from app.extensions import db
from app.moderation import services as moderation_services
from app.plans import links
from app.proposals import services as proposal_services
from app.proposals.models import Decision, ProposalStatus
from tests.factories import PASSWORD
from tests.test_migrations import fresh_sqlite_app  # noqa: F401 - a fixture


def choose(user, category: Category, mode: Mode | None) -> None:
    if mode is not None:
        notifications.set_mode(user, category, mode)
        db.session.commit()


def told(user) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def mails(user) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == user.email).order_by(OutboxMessage.id)))


def tell(user, category=Category.MY_PROPOSALS, title="Nytt om ditt förslag", commit=True,
         **kwargs) -> Notification:
    notification = notifications.notify(
        user, category, kwargs.pop("kind", "proposal_status_changed"), subject=title,
        template="dialogue_feedback", url=kwargs.pop("url", "http://127.0.0.1:5000/forslag"),
        dialogue=type("D", (), {"title": "Dialog"})(), **kwargs)
    if commit:
        db.session.commit()
    return notification


# --- who is told what -------------------------------------------------------------

MODES = [None, Mode.IMMEDIATELY, Mode.DIGEST, Mode.OFF]
MODE_IDS = ["default", "immediately", "digest", "off"]


def _status_changed(ctx):
    proposal_services.transition(ctx["proposal"], ProposalStatus.UNDER_CONSIDERATION,
                                 ctx["moderator"])


def _answered(ctx):
    proposal_services.transition(ctx["proposal"], ProposalStatus.ANSWERED, ctx["moderator"],
                                 reason="Vi bygger bänkarna i vår.", decision=Decision.ACCEPTED)


def _commented(ctx):
    proposal_services.add_comment(ctx["proposal"], ctx["make"].user(), "Bra idé, jag håller med.")


def _linked(ctx):
    links.link_proposal(ctx["proposal"], ctx["plf"].action(), ctx["moderator"],
                        "Åtgärden bygger det förslaget ber om.")


def _action_update(ctx):
    action = ctx["plf"].action()
    ctx["plf"].proposal_link(ctx["proposal"], action)
    links.add_update(action, ctx["moderator"], "Bänkarna är beställda.", "ongoing", 40)


PROPOSAL_EVENTS = {
    "status changed": (_status_changed, "proposal_status_changed"),
    "answered": (_answered, "proposal_status_changed"),
    "comment": (_commented, "proposal_comment_added"),
    "linked to an action": (_linked, "proposal_linked"),
    "action update": (_action_update, "action_changed"),
}
RELATIONS = {
    "author": Category.MY_PROPOSALS,
    "follower": Category.FOLLOWED_PROPOSALS,
    "supporter": Category.SUPPORTED_PROPOSALS,
}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("relation", list(RELATIONS))
@pytest.mark.parametrize("event", list(PROPOSAL_EVENTS))
def test_people_behind_a_proposal_are_told_by_their_choice(make, pf, plf, moderator, event,
                                                           relation, mode):
    author = make.user()
    proposal = pf.proposal(author)
    person = author
    if relation == "follower":
        person = make.user()
        pf.follow(proposal, person)
    elif relation == "supporter":
        person = make.user()
        pf.support(proposal, person)
    category = RELATIONS[relation]
    choose(person, category, mode)
    change, kind = PROPOSAL_EVENTS[event]

    change({"proposal": proposal, "moderator": moderator, "make": make, "plf": plf})
    db.session.commit()

    [notification] = told(person)
    expected = mode or notifications.DEFAULT_MODES[category]
    assert (notification.category, notification.kind, notification.delivery) == (
        category, kind, expected)
    assert notification.read_at is None and notification.digested_at is None
    assert notification.url.startswith("http")
    sent = [m for m in mails(person) if m.kind == kind]
    assert len(sent) == (1 if expected == Mode.IMMEDIATELY else 0)
    if sent:
        assert sent[0].subject == notification.title
        assert sent[0].unsubscribe_url
        assert sent[0].unsubscribe_url in sent[0].body


def test_supporters_get_no_email_unless_they_ask_but_see_the_news(make, pf, moderator):
    proposal = pf.proposal()
    supporter = make.user()
    pf.support(proposal, supporter)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    assert [n.delivery for n in told(supporter)] == [Mode.OFF]
    assert mails(supporter) == []


def test_each_person_is_told_once_in_their_closest_category(make, pf, moderator):
    author = make.user()
    proposal = pf.proposal(author)  # the author follows their own proposal
    pf.support(proposal, fan := make.user())
    pf.follow(proposal, fan)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    assert [n.category for n in told(author)] == [Category.MY_PROPOSALS]
    assert [n.category for n in told(fan)] == [Category.FOLLOWED_PROPOSALS]


def test_whoever_made_the_change_is_not_told_about_it(make, pf):
    author = make.user()
    proposal = pf.proposal(author)
    follower = make.user()
    pf.follow(proposal, follower)
    proposal_services.add_comment(proposal, follower, "Jag kommenterar själv.")
    db.session.commit()
    assert told(follower) == []
    assert [n.kind for n in told(author)] == ["proposal_comment_added"]


def _comment_to_followers(make, pf, count_queries, followers: int) -> int:
    """Reads made by one comment on a proposal with that many followers, whose
    choices are spread over every mode. (The rows written are one per person
    and message; whether they go in one statement depends on the database.)"""
    proposal = pf.proposal()
    people = []
    for n in range(followers):
        person = make.user()
        pf.follow(proposal, person)
        choose(person, Category.FOLLOWED_PROPOSALS, MODES[n % len(MODES)])
        people.append(person)
    commenter = make.user()
    db.session.expire_all()
    with count_queries() as counter:
        proposal_services.add_comment(proposal, commenter, "Bra idé, jag håller med.")
        db.session.commit()
    for n, person in enumerate(people):
        mode = MODES[n % len(MODES)] or notifications.DEFAULT_MODES[Category.FOLLOWED_PROPOSALS]
        [news] = told(person)
        assert news.delivery == mode
        assert len(mails(person)) == (1 if mode == Mode.IMMEDIATELY else 0)
    return sum(1 for sql in counter.statements if sql.lstrip().upper().startswith("SELECT"))


def test_telling_many_followers_costs_the_same_reads_as_telling_a_few(make, pf,
                                                                        count_queries):
    _comment_to_followers(make, pf, count_queries, 1)  # settings read once per process
    assert (_comment_to_followers(make, pf, count_queries, 4)
            == _comment_to_followers(make, pf, count_queries, 16))


def test_deactivated_accounts_are_not_told(make, pf, moderator):
    sleeper = make.user(active=False)
    proposal = pf.proposal(make.user())
    pf.follow(proposal, sleeper)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    assert told(sleeper) == [] and mails(sleeper) == []


def _registered(make, df, count=1, **meeting_args):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, **meeting_args)
    people = [make.user() for _ in range(count)]
    for person in people:
        dialogue_services.register(meeting, person)
    db.session.commit()
    return dialogue, meeting, people


def _meeting_changed(make, df, moderator):
    dialogue, meeting, [person] = _registered(make, df)
    later = meeting.starts_at + timedelta(hours=1)
    dialogue_services.save_meeting(dialogue, meeting, starts_at=later,
                                   ends_at=later + timedelta(hours=2), capacity=meeting.capacity)
    return person


def _meeting_cancelled(make, df, moderator):
    _dialogue, meeting, [person] = _registered(make, df)
    dialogue_services.cancel_meeting(meeting)
    return person


def _reminder(make, df, moderator):
    _dialogue, _meeting, [person] = _registered(make, df, days_ahead=1)
    assert dialogue_services.send_reminders() == 1
    return person


def _feedback(make, df, moderator):
    dialogue, _meeting, [person] = _registered(make, df)
    dialogue.status = "closed"
    db.session.commit()
    dialogue_services.publish_feedback(dialogue, moderator, "Vi hörde er.", "Vi bygger.", {})
    return person


def _promoted(make, df, moderator):
    _dialogue, meeting, [first, waiting] = _registered(make, df, count=2, capacity=1)
    registration = db.session.scalars(select(Registration).where(
        Registration.user_id == first.id)).one()
    dialogue_services.cancel_registration(registration)
    return waiting


DIALOGUE_EVENTS = {
    "meeting changed": (_meeting_changed, "meeting_changed"),
    "meeting cancelled": (_meeting_cancelled, "meeting_cancelled"),
    "reminder": (_reminder, "meeting_reminder"),
    "feedback": (_feedback, "dialogue_feedback"),
    "place from the waiting list": (_promoted, "meeting_confirmed"),
}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("event", list(DIALOGUE_EVENTS))
def test_people_signed_up_for_a_dialogue_are_told_by_their_choice(make, df, moderator, event,
                                                                  mode, monkeypatch):
    change, kind = DIALOGUE_EVENTS[event]
    chosen = {}
    original = dialogue_services.register

    def register_and_choose(meeting, user, *args, **kwargs):
        result = original(meeting, user, *args, **kwargs)
        if mode is not None:
            notifications.set_mode(user, Category.DIALOGUES, mode)
        chosen[user.id] = user
        return result

    monkeypatch.setattr(dialogue_services, "register", register_and_choose)
    person = change(make, df, moderator)
    db.session.commit()

    expected = mode or Mode.IMMEDIATELY
    news = [n for n in told(person) if n.kind == kind]
    assert [(n.category, n.delivery) for n in news] == [(Category.DIALOGUES, expected)]
    # The receipt of one's own sign-up always goes out; it is not a notification.
    receipts = [m for m in mails(person) if m.kind in ("meeting_confirmed", "meeting_waitlisted")
                and m.unsubscribe_url is None]
    assert receipts
    sent = [m for m in mails(person) if m.kind == kind and m.unsubscribe_url]
    assert len(sent) == (1 if expected == Mode.IMMEDIATELY else 0)


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_an_author_is_told_when_a_moderator_hides_their_comment(make, pf, moderator, mode):
    writer = make.user()
    comment = pf.comment(pf.proposal(), writer)
    choose(writer, Category.MY_PROPOSALS, mode)
    moderation_services.hide(moderation_services.load_item("comment", comment.id), moderator,
                             "Personuppgifter")
    db.session.commit()
    expected = mode or Mode.IMMEDIATELY
    assert [(n.kind, n.delivery) for n in told(writer)] == [("content_hidden", expected)]
    assert len(mails(writer)) == (1 if expected == Mode.IMMEDIATELY else 0)


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("role", ["moderator", "admin", "resident", "official"])
def test_moderation_news_reaches_moderators_only(make, pf, participation, role, mode):
    participation(premoderation=False, threshold=1)
    person = make.user(role)
    if role in ("moderator", "admin"):
        choose(person, Category.MODERATION, mode)
    proposal = pf.proposal()
    proposal_services.support(proposal, make.user())
    db.session.commit()

    news = told(person)
    if role in ("resident", "official"):
        assert news == [] and mails(person) == []
        return
    expected = mode or Mode.IMMEDIATELY
    assert [(n.category, n.kind, n.delivery) for n in news] == [
        (Category.MODERATION, "proposal_threshold", expected)]
    assert len(mails(person)) == (1 if expected == Mode.IMMEDIATELY else 0)


def test_the_hourly_summary_is_a_moderation_notification(make, pf, moderator):
    resident = make.user()
    moderation_services.report(moderation_services.load_item("proposal", pf.proposal().id),
                               make.user(), "spam", "")
    db.session.commit()
    assert moderation_services.send_summary() == 1
    db.session.commit()
    assert [(n.kind, n.category) for n in told(moderator)] == [
        ("moderation_summary", Category.MODERATION)]
    assert told(resident) == []


def test_the_summary_tells_moderators_about_proposals_waiting_for_review(make, pf, moderator,
                                                                         outbox):
    pf.proposal(status=ProposalStatus.SUBMITTED)
    pf.proposal(status=ProposalStatus.SUBMITTED)
    assert moderation_services.send_summary() == 1
    db.session.commit()
    [notification] = told(moderator)
    assert notification.title == "Nya förslag att granska"
    [mail] = outbox(moderator.email)
    assert "2 nya förslag" in mail.body
    # Nothing new since: no summary, however long it has been.
    assert moderation_services.send_summary(now=utcnow() + timedelta(hours=3)) == 0


def test_the_summary_tells_moderators_about_proposals_past_their_deadline(make, pf, moderator,
                                                                         outbox):
    late = pf.proposal(status=ProposalStatus.UNDER_CONSIDERATION)
    answered = pf.proposal(status=ProposalStatus.ANSWERED)
    not_yet = pf.proposal(status=ProposalStatus.UNDER_CONSIDERATION)
    late.answer_due_at = answered.answer_due_at = utcnow() - timedelta(days=1)
    not_yet.answer_due_at = utcnow() + timedelta(hours=2)
    db.session.commit()
    assert moderation_services.send_summary() == 1
    db.session.commit()
    [notification] = told(moderator)
    assert notification.title == "Förslag som har passerat svarstiden"
    [mail] = outbox(moderator.email)
    assert "1 förslag har passerat svarstiden utan svar" in mail.body
    assert "/moderering/forsenade" in mail.body
    # Three hours on, the second proposal has passed its deadline: told once more.
    assert moderation_services.send_summary(now=utcnow() + timedelta(hours=3)) == 1
    db.session.commit()
    assert len(outbox(moderator.email)) == 2
    # Nothing new since then: nothing more.
    assert moderation_services.send_summary(now=utcnow() + timedelta(hours=5)) == 0


def test_moderators_can_be_told_about_a_proposal_through_the_hook(make, pf, moderator, admin):
    """The hook for news such as proposals past their response deadline."""
    proposal = pf.proposal()
    proposal_services.notify_moderators(
        proposal, notifications.PROPOSAL_PAST_DEADLINE,
        lambda: f"{proposal.reference} har passerat svarstiden", "proposal_threshold")
    db.session.commit()
    for person in (moderator, admin):
        assert [n.kind for n in told(person)] == [notifications.PROPOSAL_PAST_DEADLINE]


def test_account_mail_is_not_a_notification(app, make):
    person = make.user()
    with app.test_request_context():
        account_services.request_password_reset(person.email)
    db.session.commit()
    [mail] = mails(person)
    assert mail.unsubscribe_url is None
    assert told(person) == []


def test_a_notification_is_written_in_the_persons_language(make, pf, moderator):
    english = make.user(locale="en")
    proposal = pf.proposal(english)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    [notification] = told(english)
    assert "is now" in notification.title
    assert "Stop these e-mails" in mails(english)[0].body


def test_an_unknown_category_is_refused(make):
    with pytest.raises(ValueError):
        notifications.notify(make.user(), "everything", "x", subject="x", template="x",
                             url="http://x")
    resident = make.user()
    with pytest.raises(notifications.NotificationError):
        notifications.set_mode(resident, Category.MODERATION, Mode.OFF)


# --- the notifications page --------------------------------------------------------

def test_the_page_lists_the_newest_first_with_links(client, login_as, make):
    person = make.user()
    tell(person, title="Det första", url="http://127.0.0.1:5000/forslag/F-1")
    tell(person, title="Det andra <script>x</script>", url="http://127.0.0.1:5000/forslag/F-2")
    tell(make.user(), title="Någon annans")

    html = login_as(person).get("/konto/aviseringar").get_data(as_text=True)

    assert html.index("Det andra") < html.index("Det första")
    assert 'href="/forslag/F-1"' in html
    assert "<script>x</script>" not in html
    assert "Någon annans" not in html


def test_the_page_is_paginated(client, login_as, make):
    person = make.user()
    for n in range(25):
        tell(person, title=f"Nyhet nummer {n:02d}", commit=False)
    db.session.commit()
    client = login_as(person)
    first = client.get("/konto/aviseringar").get_data(as_text=True)
    second = client.get("/konto/aviseringar?page=2").get_data(as_text=True)
    assert first.count('class="card-title"') == 20
    assert second.count('class="card-title"') == 5
    assert "Nyhet nummer 24" in first and "Nyhet nummer 00" in second
    assert client.get("/konto/aviseringar?page=99").status_code == 200
    assert client.get("/konto/aviseringar?page=x").status_code == 200


def test_an_empty_page_says_what_will_come(client, login_as, make):
    html = login_as(make.user()).get("/konto/aviseringar").get_data(as_text=True)
    assert "inga aviseringar" in html


def test_one_notification_is_marked_as_read(client, login_as, make):
    person = make.user()
    first, second = tell(person), tell(person)
    response = login_as(person).post(f"/konto/aviseringar/{first.id}/last")
    assert response.status_code == 302
    assert [n.read_at is not None for n in told(person)] == [True, False]
    read_at = told(person)[0].read_at
    client.post(f"/konto/aviseringar/{first.id}/last")  # twice: no change
    assert told(person)[0].read_at == read_at
    assert told_by_id(second.id).read_at is None


def test_all_are_marked_as_read(client, login_as, make):
    person, other = make.user(), make.user()
    tell(person), tell(person), tell(other)
    assert login_as(person).post("/konto/aviseringar/las-alla").status_code == 302
    assert all(n.read_at for n in told(person))
    assert not told(other)[0].read_at


def test_someone_elses_notification_cannot_be_marked_read(client, login_as, make):
    theirs = tell(make.user())
    response = login_as(make.user()).post(f"/konto/aviseringar/{theirs.id}/last")
    assert response.status_code == 404
    assert told_by_id(theirs.id).read_at is None
    assert client.post("/konto/aviseringar/999999/last").status_code == 404


def told_by_id(notification_id):
    db.session.expire_all()
    return db.session.get(Notification, notification_id)


@pytest.mark.parametrize("url", ["/konto/aviseringar/1/last", "/konto/aviseringar/las-alla"])
def test_marking_read_only_takes_posts(client, login_as, make, url):
    assert login_as(make.user()).get(url).status_code == 405


def test_the_pages_need_an_account(client):
    for url in ("/konto/aviseringar", "/konto/aviseringar/installningar"):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]


# --- the header's unread count ------------------------------------------------------

def test_the_header_shows_the_unread_count(client, login_as, make):
    person = make.user()
    tell(person), tell(person)
    read = tell(person)
    notifications.mark_read(read)
    db.session.commit()
    html = login_as(person).get("/").get_data(as_text=True)
    assert '<span class="nav-count">2<span class="visually-hidden"> olästa</span>' in html


def test_the_header_caps_a_large_count(client, login_as, make):
    person = make.user()
    for _ in range(notifications.UNREAD_CAP + 5):
        tell(person, commit=False)
    db.session.commit()
    html = login_as(person).get("/").get_data(as_text=True)
    assert '<span class="nav-count">99+' in html


def test_no_count_without_unread_news_or_without_an_account(client, login_as, make):
    assert "nav-count" not in client.get("/").get_data(as_text=True)
    assert "/konto/aviseringar" not in client.get("/").get_data(as_text=True)
    assert "nav-count" not in login_as(make.user()).get("/").get_data(as_text=True)


def test_the_unread_count_is_one_query_however_many_there_are(client, login_as, make,
                                                             count_queries):
    person = make.user()
    client = login_as(person)
    counts = []
    for total in (0, 150):
        for _ in range(total):
            tell(person, commit=False)
        db.session.commit()
        client.get("/")
        with count_queries() as counter:
            client.get("/")
        counts.append(counter)
    assert counts[0].count == counts[1].count
    unread = [s for s in counts[1].statements if "FROM notification" in s]
    assert len(unread) == 1


# --- settings -----------------------------------------------------------------------

def test_the_settings_page_has_a_group_per_category(client, login_as, make):
    html = login_as(make.user()).get("/konto/aviseringar/installningar").get_data(as_text=True)
    assert html.count("<fieldset") == 4
    assert html.count("<legend>") == 4
    assert 'name="moderation"' not in html
    # The defaults: at once for one's own proposals, no e-mail for supported ones.
    assert '<input checked id="my_proposals-0"' in html
    assert '<input checked id="supported_proposals-2"' in html


def test_moderators_also_choose_for_moderation(client, login_as, moderator):
    html = login_as(moderator).get("/konto/aviseringar/installningar").get_data(as_text=True)
    assert html.count("<fieldset") == 5
    assert 'name="moderation"' in html


def test_choices_are_saved_and_shown(client, login_as, make):
    person = make.user()
    data = {"my_proposals": "digest", "followed_proposals": "off",
            "supported_proposals": "immediately", "dialogues": "immediately"}
    response = login_as(person).post("/konto/aviseringar/installningar", data=data)
    assert response.status_code == 302
    assert notifications.modes(person) == {
        Category.MY_PROPOSALS: Mode.DIGEST, Category.FOLLOWED_PROPOSALS: Mode.OFF,
        Category.SUPPORTED_PROPOSALS: Mode.IMMEDIATELY, Category.DIALOGUES: Mode.IMMEDIATELY}
    html = client.get("/konto/aviseringar/installningar").get_data(as_text=True)
    assert '<input checked id="my_proposals-1"' in html
    assert '<input checked id="followed_proposals-2"' in html
    # Saving again changes nothing and adds no rows.
    client.post("/konto/aviseringar/installningar", data=data)
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 4


@pytest.mark.parametrize("bad", [{"my_proposals": "sometimes"}, {"my_proposals": ""},
                                 {"my_proposals": "<script>x</script>"}, {}],
                         ids=["unknown mode", "empty", "hostile", "missing"])
def test_bad_choices_are_refused_next_to_the_group(client, login_as, make, bad):
    person = make.user()
    data = {"my_proposals": "off", "followed_proposals": "off",
            "supported_proposals": "off", "dialogues": "off"}
    data.update(bad)
    if not bad:
        del data["my_proposals"]
    response = login_as(person).post("/konto/aviseringar/installningar", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="my_proposals-error"' in html
    assert "<script>x</script>" not in html
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 0


def test_the_same_choice_sent_twice_at_once_is_saved_once(app, make):
    from tests.proposals.helpers import run_in_parallel

    person = make.user()
    person_id = person.id

    def save():
        from app.accounts.models import User

        notifications.set_mode(db.session.get(User, person_id), Category.DIALOGUES, Mode.OFF)
        db.session.commit()

    run_in_parallel(app, [save, save])
    assert notifications.modes(person)[Category.DIALOGUES] == Mode.OFF
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 1


def test_a_resident_cannot_choose_for_moderation(client, login_as, make):
    person = make.user()
    login_as(person).post("/konto/aviseringar/installningar", data={
        "my_proposals": "off", "followed_proposals": "off", "supported_proposals": "off",
        "dialogues": "off", "moderation": "digest"})
    assert Category.MODERATION not in notifications.modes(person)
    assert db.session.scalar(select(func.count(NotificationPreference.id)).where(
        NotificationPreference.category == "moderation")) == 0


# --- own data -----------------------------------------------------------------------

def test_the_own_data_export_has_notifications_and_choices(client, login_as, make):
    person = make.user()
    choose(person, Category.DIALOGUES, Mode.DIGEST)
    tell(person, title="Nytt om ditt förslag")
    data = login_as(person).get("/konto/mina-uppgifter.json").get_json()
    assert data["notifications"]["settings"]["dialogues"] == "digest"
    assert data["notifications"]["settings"]["supported_proposals"] == "off"
    [entry] = data["notifications"]["notifications"]
    assert entry["title"] == "Nytt om ditt förslag" and entry["read_at"] is None


def test_deleting_the_account_removes_notifications_and_choices(client, login_as, make):
    person, other = make.user(), make.user()
    choose(person, Category.DIALOGUES, Mode.DIGEST)
    tell(person), tell(other)
    response = login_as(person).post("/konto/radera", data={"password": PASSWORD,
                                                            "understood": "y"})
    assert response.status_code == 302
    assert told(person) == []
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 0
    assert len(told(other)) == 1


# --- the migration ------------------------------------------------------------------

@pytest.mark.usefixtures("fresh_sqlite_app")
def test_the_migration_keeps_queued_mail_and_can_be_undone():
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    upgrade(revision="0009_reports")
    db.session.execute(text(
        "INSERT INTO outbox_message (recipient, subject, body, kind, status, attempts, "
        "created_at, next_attempt_at) VALUES ('anna@example.org', 'Hej', 'Text', 'general', "
        "'pending', 0, '2026-11-23 10:00:00', '2026-11-23 10:00:00')"))
    db.session.commit()

    upgrade(revision="0012_notifications")

    tables = set(inspect(db.engine).get_table_names())
    assert {"notification", "notification_preference"} <= tables
    assert db.session.execute(text(
        "SELECT recipient, status, unsubscribe_url FROM outbox_message")).one() == (
        "anna@example.org", "pending", None)
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("notification")}
    assert {"ix_notification_user_read", "ix_notification_digest_due"} <= indexes

    db.session.remove()
    downgrade(revision="0009_reports")
    assert "notification" not in set(inspect(db.engine).get_table_names())
    columns = {c["name"] for c in inspect(db.engine).get_columns("outbox_message")}
    assert "unsubscribe_url" not in columns
    assert db.session.execute(text("SELECT count(*) FROM outbox_message")).scalar() == 1
