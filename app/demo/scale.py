"""`flask demo scale`: bulk data at municipal scale for benchmarks.

Rows are written with Core executemany in large chunks, bypassing the ORM's
unit of work, so 100,000 proposals with 1,000,000 supports and 300,000
comments load in a few minutes on SQLite. Counters are set to the exact
number of rows written, as the services would leave them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core import search as swedish
from app.core.models import utcnow
from app.extensions import db
from app.proposals.models import (
    PUBLIC_STATUSES,
    Comment,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    ReferenceCounter,
    Support,
    Theme,
)
from app.proposals.tally import rebuild as rebuild_tallies

CHUNK = 10_000

SUBJECTS = ["belysning", "cykelbana", "lekplats", "busshållplats", "parkbänkar", "utegym",
            "övergångsställe", "laddstolpar", "papperskorgar", "badplats", "bibliotek",
            "ungdomsgård", "gångväg", "skolgård", "hundrastgård", "simhall", "torghandel",
            "återvinning", "snöröjning", "naturstig", "skyltning", "konstgräsplan",
            "bokbuss", "fartgupp", "planteringar"]
ADJECTIVES = ["Bättre", "Ny", "Fler", "Säkrare", "Renare", "Tryggare", "Öppnare",
              "Större", "Mer tillgänglig"]
PLACES = ["vid skolan", "på torget", "längs ån", "vid stationen", "i parken",
          "vid idrottsplatsen", "i centrum", "vid förskolan", "längs strandpromenaden",
          "vid bygdegården", "på Storgatan", "vid badplatsen"]
SENTENCES = [
    "Många som bor här har saknat det länge.",
    "Det skulle göra vardagen enklare för både barnfamiljer och äldre.",
    "Jag har pratat med grannarna och de flesta håller med.",
    "På kvällarna är det mörkt och otryggt.",
    "Kostnaden borde vara låg jämfört med nyttan.",
    "Föreningarna i området kan hjälpa till med skötseln.",
    "Besökare och turister skulle också ha glädje av det.",
    "Det finns redan en bra plats som kommunen äger.",
    "Barnen cyklar här varje dag till skolan.",
    "Det skulle locka fler att stanna i orten.",
    "Företagen i närheten är positiva och vill bidra.",
    "Jag tror att det skulle minska antalet bilresor.",
]
COMMENTS = ["Håller med!", "Bra förslag, det behövs verkligen.",
            "Jag är tveksam, det finns viktigare saker.", "Ja, gärna så snart som möjligt.",
            "Tänk också på dem som använder rullstol.", "Vi i föreningen hjälper gärna till.",
            "Det här har vi väntat på länge.", "Kan man göra det stegvis?"]

STATUS_WEIGHTS = [
    (ProposalStatus.PUBLISHED, 55), (ProposalStatus.UNDER_CONSIDERATION, 10),
    (ProposalStatus.ANSWERED, 20), (ProposalStatus.IMPLEMENTED, 5),
    (ProposalStatus.WITHDRAWN, 3), (ProposalStatus.SUBMITTED, 4), (ProposalStatus.HIDDEN, 3),
]
DECISIONS = ["accepted", "partly_accepted", "rejected", "already_under_way"]


def _chunks(total: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(size, total - start)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def sync_sequences(tables: Sequence[str]) -> None:
    """Rows written with explicit ids leave PostgreSQL's id sequences behind;
    move each past the highest id, so the app's own inserts do not collide."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))


def _ensure_users(count: int, rng: random.Random) -> list[int]:
    existing = list(db.session.scalars(select(User.id).where(User.email.like("skala%"))))
    missing = count - len(existing)
    if missing > 0:
        password_hash = db.session.scalar(select(User.password_hash).limit(1))
        if password_hash is None:
            from werkzeug.security import generate_password_hash

            password_hash = generate_password_hash("demo-losenord-2026")
        start = len(existing)
        now = utcnow()
        rows = [{"email": f"skala{start + n:06d}@example.org",
                 "display_name": f"Invånare {start + n}", "password_hash": password_hash,
                 "role": "resident", "active": True, "locale": "sv", "session_version": 1,
                 "consented_at": now, "email_verified_at": now, "created_at": now,
                 "updated_at": now} for n in range(missing)]
        for offset, size in _chunks(len(rows)):
            db.session.execute(insert(User), rows[offset:offset + size])
        existing = list(db.session.scalars(select(User.id).where(User.email.like("skala%"))))
    return existing[:count]


def generate(proposals: int, supports_per_proposal: int = 10, comments_per_proposal: int = 3,
             users: int = 20_000, seed: int = 1,
             progress: Callable[[str, int], None] | None = None,
             dialogue_ids: Sequence[int] = (), organisation_ids: Sequence[int] = (),
             busiest_comments: int = 0) -> dict[str, int]:
    """Write the rows and return how many of each were written.

    With `dialogue_ids`, one proposal in twenty is sent within one of those
    dialogues; with `organisation_ids`, one in twenty on behalf of one of
    those organisations. With `busiest_comments`, the first proposal is
    published and has exactly that many comments (a fifth of them replies).
    """
    rng = random.Random(seed)
    report = progress or (lambda label, n: None)
    user_ids = _ensure_users(max(users, supports_per_proposal + 1), rng)
    community_ids = [None] + list(db.session.scalars(select(LocalCommunity.id)))
    theme_ids = list(db.session.scalars(select(Theme.id)))
    if not theme_ids:
        raise RuntimeError("There are no themes: run the migrations first.")
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    # Supports and comments go to public proposals only; scale the averages so
    # the totals come out near proposals × the per-proposal figures.
    public_share = sum(w for s, w in STATUS_WEIGHTS
                       if s not in (ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN)) / 100
    mean_supports = supports_per_proposal / public_share
    mean_comments = comments_per_proposal / public_share
    sqlite = db.engine.dialect.name == "sqlite"
    now = utcnow()
    first_id = _next_id(Proposal)
    first_comment_id = _next_id(Comment)
    counters = dict(db.session.execute(select(ReferenceCounter.year,
                                              ReferenceCounter.last_value)).all())
    written = {"proposals": 0, "supports": 0, "comments": 0}

    for offset, size in _chunks(proposals):
        proposal_rows, history_rows, support_rows, comment_rows, fts_rows = [], [], [], [], []
        for n in range(size):
            pid = first_id + offset + n
            age = timedelta(days=rng.randint(0, 6 * 365), minutes=rng.randint(0, 1440))
            created = now - age
            year = created.year
            counters[year] = counters.get(year, 0) + 1
            busiest = busiest_comments and offset + n == 0
            status = ProposalStatus.PUBLISHED if busiest else rng.choice(statuses)
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
            body = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
            public = status not in (ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN)
            n_supports = min(round(rng.uniform(0, 2 * mean_supports)), len(user_ids)) \
                if public else 0
            n_comments = round(rng.uniform(0, 2 * mean_comments)) if public else 0
            if busiest:
                n_comments = busiest_comments
            answered = status in (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED)
            published = created + timedelta(hours=6) if status != ProposalStatus.SUBMITTED \
                else None
            proposal_rows.append({
                "id": pid, "reference": f"F-{year}-{counters[year]:04d}", "title": title,
                "body": body, "community_id": rng.choice(community_ids),
                "theme_id": rng.choice(theme_ids), "author_id": rng.choice(user_ids),
                "status": status, "decision": rng.choice(DECISIONS) if answered else None,
                "answer": "Tack för förslaget. Vi har tagit ställning till det." if answered
                else None,
                "answered_at": created + timedelta(days=rng.randint(10, 90)) if answered
                else None,
                "moderation_reason": "Bryter mot reglerna." if status == ProposalStatus.HIDDEN
                else None,
                "published_at": published,
                "support_window_ends_at": published + timedelta(days=60) if published else None,
                # The default response deadline: 90 days from publication.
                "answer_clock_started_at": published if public else None,
                "answer_due_at": published + timedelta(days=90) if public and published
                else None,
                "dialogue_id": rng.choice(dialogue_ids)
                if dialogue_ids and rng.random() < 0.05 else None,
                "organisation_id": rng.choice(organisation_ids)
                if organisation_ids and rng.random() < 0.05 else None,
                "support_count": n_supports, "comment_count": n_comments,
                "follower_count": 0, "created_at": created, "updated_at": created,
            })
            history_rows.append({"proposal_id": pid, "to_status": status,
                                 "from_status": ProposalStatus.SUBMITTED,
                                 "created_at": published or created})
            for uid in rng.sample(user_ids, n_supports):
                support_rows.append({"proposal_id": pid, "user_id": uid, "created_at": created})
            parent_ids: list[int] = []
            for c in range(n_comments):
                cid = first_comment_id + written["comments"] + len(comment_rows)
                parent = rng.choice(parent_ids) if parent_ids and c % 5 == 4 else None
                comment_rows.append({"id": cid, "proposal_id": pid, "parent_id": parent,
                                     "author_id": rng.choice(user_ids),
                                     "body": rng.choice(COMMENTS),
                                     "created_at": created + timedelta(hours=c + 1)})
                if parent is None:
                    parent_ids.append(cid)
            if sqlite:
                fts_rows.append({"id": pid, "content": swedish.stemmed_text(f"{title} {body}")})
        db.session.execute(insert(Proposal), proposal_rows)
        db.session.execute(insert(ProposalHistory), history_rows)
        if support_rows:
            db.session.execute(insert(Support), support_rows)
        if comment_rows:
            db.session.execute(insert(Comment), comment_rows)
        if fts_rows:
            db.session.execute(
                text("INSERT INTO proposal_fts (rowid, content) VALUES (:id, :content)"),
                fts_rows)
        written["proposals"] += len(proposal_rows)
        written["supports"] += len(support_rows)
        written["comments"] += len(comment_rows)
        db.session.commit()
        report("proposals", len(proposal_rows))

    rebuild_tallies()
    sync_sequences(["proposal", "comment"])
    for year, value in counters.items():
        row = db.session.get(ReferenceCounter, year)
        if row is None:
            db.session.add(ReferenceCounter(year=year, last_value=value))
        else:
            row.last_value = max(row.last_value, value)
    db.session.commit()
    return written


@dataclass(frozen=True)
class ScaleSizes:
    """What `flask demo scale` writes by default: a large municipality."""

    proposals: int = 100_000
    supports_per_proposal: int = 10   # about 1,000,000 supports
    comments_per_proposal: int = 3    # about 300,000 comments
    users: int = 20_000
    organisations: int = 2_000
    dialogues: int = 300
    plans: int = 3
    actions_per_plan: int = 100  # 300 actions in all
    links: int = 20_000
    busiest_comments: int = 200       # one proposal for the detail page


def generate_municipality(sizes: ScaleSizes, seed: int = 1,
                          progress: Callable[[str, int], None] | None = None
                          ) -> dict[str, int]:
    """Users, organisations, dialogues, proposals with their supports and
    comments, plans and links, committed in chunks. Returns what was written."""
    from app.demo import scale_structure as structure

    rng = random.Random(seed)
    user_ids = _ensure_users(sizes.users, rng)
    organisation_ids = structure.generate_organisations(sizes.organisations, user_ids, rng)
    dialogue_ids = structure.generate_dialogues(sizes.dialogues, user_ids, rng)
    db.session.commit()
    first_proposal = _next_id(Proposal)
    written = generate(sizes.proposals, sizes.supports_per_proposal,
                       sizes.comments_per_proposal, sizes.users, seed, progress,
                       dialogue_ids=dialogue_ids, organisation_ids=organisation_ids,
                       busiest_comments=sizes.busiest_comments)
    public = list(db.session.scalars(select(Proposal.id).where(
        Proposal.id >= first_proposal, Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.id)))
    action_ids = structure.generate_plans(sizes.plans, sizes.actions_per_plan, rng)
    links = structure.generate_links(action_ids, public, dialogue_ids, sizes.links, rng)
    sync_sequences(["organisation", "dialogue", "meeting"])
    db.session.commit()
    # Fresh statistics, so the query planner knows the tables' new sizes.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    written.update(users=len(user_ids), organisations=sizes.organisations,
                   dialogues=len(dialogue_ids), actions=len(action_ids), links=links)
    return written
