"""The database checks of the load and fault tests (bench/checks.py) find
what they are meant to find, and nothing on a consistent database."""

from sqlalchemy import text, update

from app.dialogues.models import Meeting, Registration, RegistrationStatus
from app.proposals.models import Proposal, ProposalHistory, ProposalStatus, ReferenceCounter
from app.proposals.tally import ProposalTally
from bench import checks


def consistent(db, make, pf, df):
    """Proposals with supports, comments and follows, and a meeting with places
    given, all written the way the factories keep counters."""
    author = make.user()
    proposal = pf.proposal(author)
    for _ in range(3):
        pf.support(proposal)
    pf.comment(proposal)
    meeting = df.meeting(df.dialogue(), capacity=2)
    db.session.add(Registration(meeting_id=meeting.id, user_id=make.user().id,
                                status=RegistrationStatus.REGISTERED))
    meeting.registered_count = 1
    db.session.commit()
    return proposal, meeting


def test_a_consistent_database_has_no_problems(db, make, pf, df):
    consistent(db, make, pf, df)
    assert checks.database_problems() == []


def test_a_counter_that_differs_from_its_rows_is_found(db, make, pf, df):
    proposal, _meeting = consistent(db, make, pf, df)
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(support_count=4, comment_count=0))
    db.session.commit()
    problems = checks.proposal_counter_problems()
    assert len(problems) == 2
    assert f"({proposal.reference!r}, 4, 3)" in problems[0]
    assert problems[0].startswith("support_count differs")
    assert problems[1].startswith("comment_count differs")


def test_deleted_comments_do_not_count(db, make, pf, df):
    proposal, _meeting = consistent(db, make, pf, df)
    db.session.execute(text("UPDATE comment SET deleted_at = created_at"))
    db.session.commit()
    assert checks.proposal_counter_problems()[0].startswith("comment_count differs")
    db.session.execute(update(Proposal).values(comment_count=0))
    db.session.commit()
    assert checks.proposal_counter_problems() == []


def test_an_overbooked_meeting_is_found(db, make, pf, df):
    _proposal, meeting = consistent(db, make, pf, df)
    for _ in range(2):
        db.session.add(Registration(meeting_id=meeting.id, user_id=make.user().id,
                                    status=RegistrationStatus.REGISTERED))
    db.session.execute(update(Meeting).where(Meeting.id == meeting.id)
                       .values(registered_count=3))
    db.session.commit()
    assert checks.meeting_problems() == [
        f"meeting overbooked (meeting, capacity, registered): ({meeting.id}, 2, 3)"]


def test_a_meeting_counter_that_differs_is_found(db, make, pf, df):
    _proposal, meeting = consistent(db, make, pf, df)
    db.session.execute(update(Meeting).where(Meeting.id == meeting.id)
                       .values(waitlist_count=1))
    db.session.commit()
    assert checks.meeting_problems() == [
        "meeting counters differ from the registrations (meeting, registered_count, rows, "
        f"waitlist_count, rows): ({meeting.id}, 1, 1, 1, 0)"]


def test_a_wrong_tally_is_found(db, make, pf, df):
    consistent(db, make, pf, df)
    db.session.execute(update(ProposalTally).values(count=ProposalTally.count + 1))
    db.session.commit()
    assert checks.tally_problems()[0].startswith("proposal_tally differs")


def test_a_half_created_proposal_is_found(db, make, pf, df):
    proposal, _meeting = consistent(db, make, pf, df)
    db.session.execute(ProposalHistory.__table__.delete())
    year = int(proposal.reference.split("-")[1])
    db.session.execute(update(ReferenceCounter).where(ReferenceCounter.year == year)
                       .values(last_value=0))
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM proposal_fts"))
    db.session.commit()
    problems = checks.half_created_proposal_problems()
    assert f"proposal without history: {proposal.reference}" in problems
    assert f"reference beyond its year's counter: {proposal.reference}" in problems
    if db.engine.dialect.name == "sqlite":
        assert f"proposal missing from the search index: {proposal.reference}" in problems


def test_sqlite_file_checks_pass_on_a_sound_file(db, make, pf, df):
    consistent(db, make, pf, df)
    assert checks.integrity_problems() == []


def test_the_writes_of_given_users_are_read_back(db, make, pf, df):
    proposal, meeting = consistent(db, make, pf, df)
    user = make.user()
    pf.support(proposal, user)
    db.session.add(Registration(meeting_id=meeting.id, user_id=user.id,
                                status=RegistrationStatus.CANCELLED))
    db.session.commit()
    assert checks.supports_by([user.id]) == {(user.id, proposal.id)}
    assert checks.registrations_by([user.id]) == set()
    assert checks.proposal_keys_by([user.id]) == set()
    assert proposal.status == ProposalStatus.PUBLISHED
