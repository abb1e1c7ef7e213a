"""An organisation's meeting sign-ups count among its contributions."""

from __future__ import annotations

from app.dialogues.models import Registration, RegistrationStatus
from app.extensions import db
from app.organisations import contributions


def test_sign_ups_on_behalf_of_an_organisation_are_counted_but_not_cancelled_ones(
        make, of, df):
    chair = make.user()
    club = of.organisation(chair)
    other = of.organisation()
    meeting = df.meeting(df.dialogue(), capacity=10)
    member = make.user()
    of.member(club, member)
    db.session.add_all([
        Registration(meeting_id=meeting.id, user_id=chair.id, organisation_id=club.id,
                     status=RegistrationStatus.REGISTERED),
        Registration(meeting_id=meeting.id, user_id=member.id, organisation_id=club.id,
                     status=RegistrationStatus.CANCELLED),
        Registration(meeting_id=meeting.id, user_id=make.user().id,
                     status=RegistrationStatus.REGISTERED),
    ])
    db.session.commit()

    counts = contributions.counts([club.id, other.id])

    def sign_ups(organisation_id: int) -> int:
        return next(n for label, n in counts[organisation_id]
                    if str(label) == str(contributions_label()))

    assert sign_ups(club.id) == 1
    assert sign_ups(other.id) == 0


def contributions_label():
    from app.organisations.contributions import _counters

    return next(label for key, label, _fn in _counters if key == "meeting_registrations")


def test_the_directory_shows_the_sign_ups(client, make, of, df):
    chair = make.user()
    club = of.organisation(chair)
    meeting = df.meeting(df.dialogue())
    db.session.add(Registration(meeting_id=meeting.id, user_id=chair.id,
                                organisation_id=club.id, status=RegistrationStatus.REGISTERED))
    db.session.commit()

    html = client.get("/organisationer").get_data(as_text=True)

    assert str(contributions_label()) in html
