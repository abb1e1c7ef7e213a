"""Data for the API tests: one of each kind of public item, and the items that
must never appear (hidden, waiting for review, in a draft plan)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extensions import db
from app.plans.models import PlanStatus
from app.proposals.models import ProposalStatus

NOT_PUBLIC = (ProposalStatus.HIDDEN, ProposalStatus.SUBMITTED)


@dataclass
class World:
    community: object = None
    theme: object = None
    author: object = None
    proposal: object = None
    dialogue: object = None
    meeting: object = None
    plan: object = None
    action: object = None
    draft_plan: object = None
    draft_action: object = None
    not_public: dict = field(default_factory=dict)


def build_world(make, pf, df, plf) -> World:
    """Everything committed; every text field carries hostile HTML (the factories')."""
    world = World()
    world.community = make.community("Norrby", slug="norrby")
    world.theme = pf.theme("Trafik och gator")
    world.author = make.user(display_name="Anna Andersson", email="anna.secret@example.org")
    world.proposal = pf.proposal(world.author, community=world.community, theme_=world.theme,
                                 title="Fler bänkar vid torget", commit=False)
    world.dialogue = df.dialogue(community=world.community, commit=False)
    world.meeting = df.meeting(world.dialogue, commit=False)
    world.proposal.dialogue_id = world.dialogue.id
    world.plan = plf.plan(commit=False)
    world.action = plf.action(plf.commitment(world.plan, commit=False), commit=False)
    plf.proposal_link(world.proposal, world.action, commit=False)
    plf.dialogue_link(world.dialogue, world.action, commit=False)
    world.draft_plan = plf.plan(status=PlanStatus.DRAFT, title="Hemligt utkast",
                                commit=False)
    world.draft_action = plf.action(plf.commitment(world.draft_plan, commit=False),
                                    text="Hemlig åtgärd", commit=False)
    for status in NOT_PUBLIC:
        secret = pf.proposal(world.author, community=world.community, theme_=world.theme,
                             title=f"Dolt förslag {status}", status=status, commit=False)
        secret.dialogue_id = world.dialogue.id
        plf.proposal_link(secret, world.action, commit=False)
        world.not_public[status] = secret
    db.session.commit()
    return world
