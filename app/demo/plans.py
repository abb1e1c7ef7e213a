"""Demo plans, loaded through the importer officials use, and the chain that
hangs on them: proposals and dialogues linked to actions, the people
responsible, the local communities concerned, and dated updates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.dialogues.models import Dialogue
from app.extensions import db
from app.plans import links, services
from app.plans.importer import parse_file
from app.plans.models import Action, ActionStatus, Challenge, Commitment, Plan
from app.proposals.models import Decision, Proposal, ProposalHistory

FILES = Path(__file__).parent / "files"

# The actions of the demo plan, by the start of their text.
PREMISES = "Kartlägga vilka bygdegårdar"
BUSES = "Föra dialog med regionen om kvällsturer"
ONE_DOOR = "Införa en gemensam ingång för föreningar"
YEARLY_DIALOGUES = "Hålla årliga föreningsdialoger i varje lokalsamhälle"
YOUTH_COUNCIL = "Starta ett ungdomsråd"
YOUTH_DIALOGUES = "Genomföra inflytandedialoger med unga"

OFFICIAL = "tjansteperson@example.org"
DEMOCRACY_DEVELOPER = "demokrati@example.org"

# action → (responsible account, local communities concerned)
RESPONSIBLE = {
    PREMISES: (OFFICIAL, ["norrby", "hedas", "strandvik"]),
    BUSES: (OFFICIAL, ["norrby"]),
    ONE_DOOR: (OFFICIAL, []),
    YEARLY_DIALOGUES: (DEMOCRACY_DEVELOPER,
                       ["sjovik-centrum", "norrby", "strandvik", "hedas", "ostra-lund"]),
    YOUTH_COUNCIL: (DEMOCRACY_DEVELOPER, []),
    YOUTH_DIALOGUES: (DEMOCRACY_DEVELOPER, ["norrby"]),
}

# (proposal title, action, motivation, (decision, answer) or None)
PROPOSAL_LINKS = [
    ("Bättre busstider till Hedås", BUSES,
     "Kvällsturerna som kommunen förhandlar om med regionen går via Hedås. Förslaget tas "
     "med som underlag i samtalen om nästa års tidtabell.",
     (Decision.ALREADY_UNDER_WAY,
      "Tack för förslaget! Kommunen för redan dialog med regionen om fler kvällsturer till "
      "Norrby och Åsen, och vi har bett att Hedås kommer med i samma linjesträckning. Följ "
      "åtgärden för att se hur det går.")),
    ("Wifi i bygdegården", PREMISES,
     "I kartläggningen av bygdegårdarna ingår vad som behövs för att föreningar och "
     "företag ska kunna använda lokalerna, och uppkoppling är en av de vanligaste "
     "önskemålen.",
     (Decision.PARTLY_ACCEPTED,
      "Kommunen bekostar inte uppkopplingen i bygdegårdar som föreningar äger, men "
      "kartläggningen tar med vilka lokaler som saknar wifi, och föreningen kan söka "
      "lokalt utvecklingsstöd för installationen.")),
    ("Laddstolpar vid bygdegården i Hedås", PREMISES,
     "Laddplatser vid bygdegårdarna ingår i kartläggningen av vad lokalerna behöver för att "
     "kunna öppnas för fler.", None),
    ("Gemensam evenemangskalender för hela kommunen", ONE_DOOR,
     "En gemensam evenemangskalender är en del av den gemensamma ingången för föreningar som "
     "förvaltningen bygger upp.", None),
    ("Ungdomsgård i Strandvik", YOUTH_COUNCIL,
     "Ungdomsrådet blir det forum där unga själva prioriterar mötesplatser som en "
     "ungdomsgård. Förslaget lämnas till rådets första möte.", None),
    ("Gemensam marknadsföring av Strandvik", YEARLY_DIALOGUES,
     "Marknadsföringen av Strandvik tas upp i föreningsdialogen som förvaltningen håller "
     "tillsammans med näringslivsenheten.", None),
]

# (dialogue title, motivation, days ago)
DIALOGUE_LINKS = [
    ("Besöksnäringen i Strandvik 2027",
     "Företagarträffen i hamnmagasinet var årets dialog i Strandvik, hållen tillsammans med "
     "näringslivsbolaget och företagarna.", 45),
    ("Trygg utemiljö i Östra Lund",
     "Dialogen om trygg utemiljö är årets inflytandedialog i Östra Lund.", 20),
    ("Service på landsbygden i Hedås",
     "Bygdemötet i bygdegården blir årets dialog i Hedås, tillsammans med "
     "hembygdsföreningen.", 5),
]

# action → [(days ago, status, progress, what happened)], oldest first
UPDATES = {
    PREMISES: [
        (150, "ongoing", 20, "Inventeringen har börjat. Fritidsenheten har besökt bygdegårdarna "
                             "i Norrby och Hedås och gått igenom lokalerna med föreningarna."),
        (80, "ongoing", 60, "Nu är elva lokaler kartlagda. Sju av dem kan hyras ut till "
                            "föreningar och företag redan i år, fyra behöver tillgänglighets"
                            "anpassas först."),
        (15, "done", 100, "Kartläggningen är klar och finns som bilaga till "
                          "verksamhetsberättelsen. Bokningen av de sju lokalerna öppnar i "
                          "januari."),
    ],
    BUSES: [
        (100, "ongoing", 20, "Första mötet med regionens kollektivtrafikförvaltning är hållet. "
                             "Regionen vill se resandeunderlag innan beslut."),
        (40, "ongoing", 50, "Resandeenkäten i Norrby och Åsen fick 312 svar. Regionen prövar "
                            "en extra kvällstur på försök från och med vårens tidtabell."),
    ],
    ONE_DOOR: [
        (70, "ongoing", 30, "En gemensam e-postadress och en kontaktperson för föreningar är "
                            "på plats. Nästa steg är en samlad sida på kommunens webbplats."),
    ],
    YEARLY_DIALOGUES: [
        (60, "ongoing", 35, "Årets första dialog hölls i Strandvik tillsammans med "
                            "näringslivsbolaget. Återkopplingen är publicerad."),
        (10, "ongoing", 60, "Dialogen i Östra Lund pågår och bygdemötet i Hedås är inbokat. "
                            "Centrum och Norrby står på tur under våren."),
    ],
}

# The mail the demo's own linking and updates would send.
DEMO_MAIL_KINDS = ["proposal_linked", "action_changed", "proposal_status_changed"]


def load_demo_plans() -> None:
    # The Word text export of the municipality's action plan, imported as is.
    path = FILES / "handlingsplan-sjovik.txt"
    draft = parse_file(path, path.name)
    plan = services.save_draft(draft, kind="action_plan",
                               owner="Samhällsbyggnadsförvaltningen")
    _load_chain(plan)


def _actions(plan: Plan) -> dict[str, Action]:
    actions = db.session.scalars(
        select(Action).join(Commitment).join(Challenge).where(Challenge.plan_id == plan.id))
    by_start = {}
    for action in actions:
        for start in RESPONSIBLE:
            if action.text.startswith(start):
                by_start[start] = action
    return by_start


def _load_chain(plan: Plan) -> None:
    users = {u.email: u for u in db.session.scalars(
        select(User).where(User.email.in_([OFFICIAL, DEMOCRACY_DEVELOPER])))}
    communities = {c.slug: c for c in db.session.scalars(select(LocalCommunity))}
    actions = _actions(plan)
    for start, (email, slugs) in RESPONSIBLE.items():
        actions[start].responsible_users = [users[email]]
        actions[start].communities = [communities[slug] for slug in slugs if slug in communities]
    db.session.flush()
    now = utcnow()
    _link_proposals(actions, users[DEMOCRACY_DEVELOPER], users[OFFICIAL], now)
    _link_dialogues(actions[YEARLY_DIALOGUES], users[DEMOCRACY_DEVELOPER], now)
    for start, entries in UPDATES.items():
        author = users[RESPONSIBLE[start][0]]
        for days_ago, status, progress, text in entries:
            done_before = actions[start].status == ActionStatus.DONE
            update = links.add_update(actions[start], author, text, status, progress)
            update.created_at = now - timedelta(days=days_ago, hours=days_ago % 7)
            if status == ActionStatus.DONE and not done_before:
                actions[start].completed_at = update.created_at
    db.session.flush()
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind.in_(DEMO_MAIL_KINDS)))


def _link_proposals(actions: dict[str, Action], moderator: User, official: User, now) -> None:
    titles = [entry[0] for entry in PROPOSAL_LINKS]
    proposals = {p.title: p for p in db.session.scalars(
        select(Proposal).where(Proposal.title.in_(titles)))}
    for title, start, motivation, answer in PROPOSAL_LINKS:
        proposal = proposals.get(title)
        if proposal is None or proposal.status not in links.LINKABLE_STATUSES:
            continue
        last_history = db.session.scalar(
            select(ProposalHistory.id).where(ProposalHistory.proposal_id == proposal.id)
            .order_by(ProposalHistory.id.desc()).limit(1)) or 0
        decision, text = answer if answer else (None, None)
        # The official who answers for the action links the proposal, or the
        # democracy developer when the proposal is only traced.
        actor = official if decision is not None else moderator
        link = links.link_proposal(proposal, actions[start], actor, motivation,
                                   decision=decision, answer=text)
        # Linked two weeks after publication, but never in the future.
        when = min((proposal.published_at or now) + timedelta(days=14), now - timedelta(days=2))
        link.created_at = when
        for entry in db.session.scalars(select(ProposalHistory).where(
                ProposalHistory.proposal_id == proposal.id, ProposalHistory.id > last_history)):
            entry.created_at = when
        if decision is not None:
            proposal.answered_at = when
    db.session.flush()


def _link_dialogues(action: Action, moderator: User, now) -> None:
    dialogues = {d.title: d for d in db.session.scalars(
        select(Dialogue).where(Dialogue.title.in_([entry[0] for entry in DIALOGUE_LINKS])))}
    for title, motivation, days_ago in DIALOGUE_LINKS:
        if title in dialogues:
            link = links.link_dialogue(dialogues[title], action, moderator, motivation)
            link.created_at = now - timedelta(days=days_ago)
    db.session.flush()
