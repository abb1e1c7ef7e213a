"""`flask demo scale` at a tiny size: every kind of row is written, the sizes
are as asked, and the result is as consistent as the app itself would leave
it (the same checks as after the load test)."""

from sqlalchemy import func, select

from app.demo.scale import ScaleSizes, generate_municipality
from app.dialogues.models import Meeting
from app.organisations.models import Membership, Organisation
from app.plans.models import Action, DialogueActionLink, Plan, ProposalActionLink
from app.proposals.models import Proposal
from bench import checks
from bench.scale_db import big_enough, counts

TINY = ScaleSizes(proposals=60, supports_per_proposal=4, comments_per_proposal=2, users=30,
                  organisations=10, dialogues=5, plans=2, actions_per_plan=12, links=20,
                  busiest_comments=25)


def test_a_tiny_municipality_has_every_kind_of_row(db, make, pf):
    make.community("Norrby")
    pf.theme()
    written = generate_municipality(TINY)
    have = counts()
    assert have["proposals"] == written["proposals"] == 60
    assert have["users"] == 30
    assert have["organisations"] == 10
    assert have["dialogues"] == 5
    assert have["actions"] == 24
    assert have["links"] == 20
    assert have["busiest_comments"] == 25
    assert 0.6 * 60 * 4 < have["supports"] < 1.4 * 60 * 4
    assert big_enough(have, TINY)
    assert not big_enough(have, ScaleSizes())
    assert db.session.scalar(select(func.count(Plan.id))) == 2
    assert db.session.scalar(select(func.count(Meeting.id))) >= 5
    assert db.session.scalar(select(func.count(Membership.id))) >= 10
    assert db.session.scalar(select(func.count(DialogueActionLink.id))) == 1
    busiest_action = db.session.scalar(
        select(ProposalActionLink.action_id).group_by(ProposalActionLink.action_id)
        .order_by(func.count().desc()).limit(1))
    assert busiest_action == db.session.scalar(select(func.min(Action.id)))
    busiest = db.session.scalars(select(Proposal).order_by(Proposal.comment_count.desc())).first()
    assert busiest.status == "published"
    assert db.session.scalar(select(func.count(Organisation.id)).where(
        Organisation.status == "verified")) == 8


def test_the_generated_data_is_consistent(db, make, pf):
    make.community("Norrby")
    pf.theme()
    generate_municipality(TINY)
    assert checks.database_problems() == []


def test_the_app_can_add_rows_after_a_bulk_load(db, make, pf, df):
    """Explicit ids must not leave PostgreSQL's sequences behind."""
    make.community("Norrby")
    pf.theme()
    generate_municipality(TINY)
    pf.proposal()
    pf.comment(db.session.scalars(select(Proposal)).first())
    df.meeting(df.dialogue())
