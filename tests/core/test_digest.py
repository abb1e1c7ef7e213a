"""`flask mail digest`: one e-mail per person with what was held for the digest,
never sent twice, not even by two runs at once."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core import digest, notifications
from app.core.mail import OutboxMessage
from app.core.notifications import Category, Mode, Notification
from app.extensions import db
from tests.proposals.helpers import run_in_parallel


def tell(user, category=Category.FOLLOWED_PROPOSALS, title="Nytt",
         url="http://127.0.0.1:5000/x"):
    return notifications.notify(user, category, "proposal_status_changed", subject=title,
                                template="dialogue_feedback", url=url,
                                dialogue=type("D", (), {"title": "Dialog"})())


def digest_person(make, locale="sv", categories=(Category.FOLLOWED_PROPOSALS,)):
    person = make.user(locale=locale)
    for category in categories:
        notifications.set_mode(person, category, Mode.DIGEST)
    db.session.commit()
    return person


def run(app) -> str:
    result = app.test_cli_runner().invoke(args=["mail", "digest"])
    assert result.exit_code == 0, result.output
    return result.output


def digests(person=None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.kind == digest.KIND)
    if person is not None:
        query = query.where(OutboxMessage.recipient == person.email)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def test_held_notifications_are_not_mailed_one_by_one(make, outbox):
    person = digest_person(make)
    tell(person)
    db.session.commit()
    assert outbox(person.email) == []


def test_one_digest_per_person_with_everything_held(app, make):
    person = digest_person(make, categories=(Category.FOLLOWED_PROPOSALS, Category.DIALOGUES))
    tell(person, title="Förslaget F-1 är nu: Besvarat", url="http://127.0.0.1:5000/forslag/F-1")
    tell(person, title="Ändrat möte: Bygdegården", category=Category.DIALOGUES)
    tell(person, title="Ny kommentar på F-2")
    other = digest_person(make)
    tell(other, title="Något för någon annan")
    at_once = make.user()
    tell(at_once)  # immediately: already mailed, not in a digest
    db.session.commit()

    assert "Digests queued: 2." in run(app)

    [mail] = digests(person)
    for text in ("Förslaget F-1 är nu: Besvarat", "Ändrat möte: Bygdegården",
                 "Ny kommentar på F-2", "http://127.0.0.1:5000/forslag/F-1",
                 "Förslag jag bevakar", "Dialoger jag har anmält mig till",
                 "Här är 3 aviseringar", "/konto/aviseringar"):
        assert text in mail.body
    assert "Något för någon annan" not in mail.body
    assert mail.subject == "Nytt från det senaste dygnet (3)"
    assert mail.unsubscribe_url and mail.unsubscribe_url in mail.body
    assert digests(at_once) == []
    db.session.expire_all()
    held = db.session.scalars(select(Notification).where(Notification.user_id == person.id))
    assert all(n.digested_at is not None for n in held)


def test_running_it_again_sends_nothing_twice(app, make):
    person = digest_person(make)
    tell(person, title="Första nyheten")
    db.session.commit()
    run(app)
    assert "Digests queued: 0." in run(app)
    assert len(digests(person)) == 1

    tell(person, title="Andra nyheten")
    db.session.commit()
    run(app)
    first, second = digests(person)
    assert "Andra nyheten" in second.body and "Första nyheten" not in second.body


def test_nothing_held_nothing_sent(app, make):
    tell(make.user())
    db.session.commit()
    assert "Digests queued: 0." in run(app)
    assert digests() == []


def test_the_digest_is_in_the_persons_language(app, make):
    person = digest_person(make, locale="en")
    tell(person)
    db.session.commit()
    run(app)
    [mail] = digests(person)
    assert mail.subject == "News from the last day (1)"
    assert "Stop the daily digest" in mail.body


def test_a_deactivated_account_gets_no_digest(app, make):
    person = digest_person(make)
    tell(person)
    person.active = False
    db.session.commit()
    run(app)
    assert digests(person) == []
    assert run(app).strip().endswith("0.")


def test_a_failure_while_queueing_leaves_the_notifications_held(app, make, monkeypatch):
    person = digest_person(make)
    tell(person)
    db.session.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(digest, "queue_mail", broken)
    result = app.test_cli_runner().invoke(args=["mail", "digest"])
    assert result.exit_code != 0
    db.session.rollback()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.digested_at.is_(None))) == 1

    monkeypatch.undo()
    run(app)
    assert len(digests(person)) == 1


def test_two_runs_at_once_send_each_digest_once(app, make):
    people = [digest_person(make) for _ in range(12)]
    for person in people:
        for n in range(3):
            tell(person, title=f"Nyhet {n}")
    db.session.commit()

    def one_run():
        return digest.send_digests()

    results = run_in_parallel(app, [one_run, one_run])

    assert sum(results) == len(people)
    for person in people:
        [mail] = digests(person)
        assert mail.body.count("Nyhet") == 3
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.digested_at.is_(None))) == 0
