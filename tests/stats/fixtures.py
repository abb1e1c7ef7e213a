"""A small municipality whose statistics for the first half of 2026 were
counted by hand (see EXPECTED in test_figures.py).

Communities: Norrby (busy), Söderby, Västby (a dialogue), Östby (nobody),
Gamlaby (archived, one proposal) and Tomby (archived, nothing: not listed).
People r1–r4; the business X (r1 acts for it), the association Y (r2, r4)
and the other organisation Z (r3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.dialogues.models import Registration, RegistrationStatus
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.plans.models import ActionStatus, PlanStatus
from app.proposals.models import OrganisationSupport, ProposalStatus, Support

S = ProposalStatus
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 1, 1, tzinfo=STOCKHOLM)
END = datetime(2026, 7, 1, tzinfo=STOCKHOLM)  # the day after 30 June
IN_PERIOD = datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM)
QUERY = "start=2026-01-01&end=2026-06-30"


@dataclass
class World:
    norrby: object
    soderby: object
    vastby: object
    ostby: object
    gamlaby: object
    tomby: object


def _at(row, when: datetime, column: str = "created_at"):
    setattr(row, column, when)
    return row


def build(make, pf, of, df, plf) -> World:
    norrby, soderby = make.community("Norrby", commit=False), make.community("Söderby",
                                                                             commit=False)
    vastby, ostby = make.community("Västby", commit=False), make.community("Östby",
                                                                           commit=False)
    gamlaby = make.community("Gamlaby", archived=True, commit=False)
    tomby = make.community("Tomby", archived=True, commit=False)
    r1, r2, r3, r4 = (make.user(display_name=f"R{n}", commit=False) for n in range(1, 5))
    db.session.flush()
    x = of.organisation(r1, name="X AB", kind=OrganisationKind.COMPANY, commit=False)
    y = of.organisation(r2, name="Föreningen Y", kind=OrganisationKind.ASSOCIATION,
                        commit=False)
    of.member(y, r4, commit=False)
    z = of.organisation(r3, name="Z", kind=OrganisationKind.OTHER, commit=False)

    def proposal(author, community, status, when=IN_PERIOD, organisation=None):
        row = pf.proposal(author, community=community, status=status, commit=False)
        row.organisation_id = organisation.id if organisation else None
        return _at(row, when)

    p1 = proposal(r1, norrby, S.PUBLISHED)
    p2 = proposal(r1, norrby, S.ANSWERED, organisation=x)
    p2.answered_at = IN_PERIOD + timedelta(days=10)
    p2.answer_clock_started_at, p2.answer_due_at = IN_PERIOD, IN_PERIOD + timedelta(days=30)
    p2.decision, p2.answer = "accepted", "Ja."
    p3 = proposal(r2, soderby, S.SUBMITTED)
    p4 = proposal(r3, None, S.HIDDEN)
    proposal(r4, norrby, S.WITHDRAWN)
    p6 = proposal(r2, gamlaby, S.PUBLISHED)
    # Outside the period: a second before it, and at the midnight that ends it.
    p7 = proposal(r3, norrby, S.PUBLISHED, when=START - timedelta(seconds=1))
    proposal(r4, soderby, S.PUBLISHED, when=END)
    db.session.flush()

    for person, item in ((r2, p1), (r3, p1), (r3, p2), (r4, p7)):
        db.session.add(Support(proposal_id=item.id, user_id=person.id, created_at=IN_PERIOD))
    db.session.add(Support(proposal_id=p7.id, user_id=r1.id,
                           created_at=START - timedelta(days=17)))
    db.session.add(OrganisationSupport(proposal_id=p1.id, organisation_id=y.id, user_id=r2.id,
                                       created_at=IN_PERIOD))
    db.session.add(OrganisationSupport(proposal_id=p7.id, organisation_id=x.id, user_id=r1.id,
                                       created_at=IN_PERIOD))
    _at(pf.comment(p3, r4, commit=False), IN_PERIOD)
    on_behalf = _at(pf.comment(p4, r3, commit=False), IN_PERIOD)
    on_behalf.organisation_id = z.id
    deleted = _at(pf.comment(p1, r2, commit=False), IN_PERIOD)
    deleted.deleted_at = IN_PERIOD + timedelta(days=1)
    _at(pf.comment(p1, r4, commit=False), END + timedelta(hours=1))  # after the period

    d1 = df.dialogue(community=vastby, commit=False)
    m1 = _at(df.meeting(d1, commit=False), datetime(2026, 3, 10, 18, tzinfo=STOCKHOLM),
             "starts_at")
    m1.attendees = 12
    _at(df.meeting(d1, commit=False), datetime(2026, 4, 1, 18, tzinfo=STOCKHOLM), "starts_at")
    cancelled = _at(df.meeting(df.dialogue(commit=False), commit=False),
                    datetime(2026, 5, 1, 18, tzinfo=STOCKHOLM), "starts_at")
    cancelled.cancelled_at, cancelled.attendees = IN_PERIOD, 40
    d3 = df.dialogue(community=norrby, commit=False)
    later = _at(df.meeting(d3, commit=False), datetime(2026, 8, 1, 18, tzinfo=STOCKHOLM),
                "starts_at")
    later.attendees = 30
    db.session.flush()
    for meeting, person, organisation, status in (
            (m1, r1, None, RegistrationStatus.REGISTERED),
            (m1, r2, None, RegistrationStatus.CANCELLED),
            (m1, r4, y, RegistrationStatus.WAITLISTED),
            (later, r3, None, RegistrationStatus.REGISTERED)):
        db.session.add(Registration(meeting_id=meeting.id, user_id=person.id,
                                    organisation_id=organisation.id if organisation else None,
                                    status=status, created_at=IN_PERIOD))

    adopted, draft = plf.plan(commit=False), plf.plan(status=PlanStatus.DRAFT, commit=False)
    in_adopted, in_draft = plf.commitment(adopted, commit=False), plf.commitment(draft,
                                                                              commit=False)
    linked = plf.action(in_adopted, commit=False)
    plf.proposal_link(p1, linked, commit=False)
    plf.proposal_link(p6, linked, commit=False)
    plf.proposal_link(p7, linked, commit=False)
    plf.proposal_link(p2, plf.action(in_draft, commit=False), commit=False)
    plf.action(in_adopted, status=ActionStatus.DONE, communities=(norrby, soderby),
               completed_at=datetime(2026, 2, 1, tzinfo=STOCKHOLM), commit=False)
    plf.action(in_adopted, status=ActionStatus.DONE,
               completed_at=datetime(2026, 3, 1, tzinfo=STOCKHOLM), commit=False)
    plf.action(in_draft, status=ActionStatus.DONE, communities=(norrby,),
               completed_at=IN_PERIOD, commit=False)
    plf.action(in_adopted, status=ActionStatus.DONE, communities=(norrby,),
               completed_at=START - timedelta(days=31), commit=False)
    plf.action(in_adopted, status=ActionStatus.ONGOING, communities=(norrby,), commit=False)
    db.session.commit()
    return World(norrby, soderby, vastby, ostby, gamlaby, tomby)
