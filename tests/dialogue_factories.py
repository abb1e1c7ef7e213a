"""Factories for dialogues and meetings (hostile HTML in text fields)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.dialogues.models import (
    Dialogue,
    DialogueStatus,
    DialogueTargetGroup,
    Meeting,
    ParticipationLevel,
)
from app.extensions import db
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def dialogue(*, title: str | None = None, community: LocalCommunity | None = None,
             status: DialogueStatus | str = DialogueStatus.OPEN,
             level: ParticipationLevel | str = ParticipationLevel.DIALOGUE,
             target_groups: tuple[str, ...] = ("residents",), commit: bool = True) -> Dialogue:
    n = next(_sequence)
    row = Dialogue(title=title or f"Dialog {n} om torget", question=f"Vad vill du? {HOSTILE}",
                   influence_scope="Var bänkarna ska stå.", description=f"Om torget. {HOSTILE}",
                   community_id=community.id if community else None,
                   participation_level=str(level), status=str(status),
                   organising_unit="Kultur och fritid")
    row.partners = []
    row.responsible = []
    db.session.add(row)
    db.session.flush()
    for group in target_groups:
        db.session.add(DialogueTargetGroup(dialogue_id=row.id, target_group=group))
    if commit:
        db.session.commit()
    return row


def meeting(dialogue_: Dialogue, *, title: str | None = None, days_ahead: float = 7,
            capacity: int = 20, deadline_days_ahead: float | None = None,
            commit: bool = True) -> Meeting:
    n = next(_sequence)
    starts = utcnow().replace(microsecond=0) + timedelta(days=days_ahead)
    row = Meeting(dialogue_id=dialogue_.id, title=title or f"Möte {n} <b>i salen</b>",
                  starts_at=starts, ends_at=starts + timedelta(hours=2), place="Biblioteket",
                  address="Storgatan 1", capacity=capacity, description=f"Fika. {HOSTILE}",
                  registration_deadline=(utcnow() + timedelta(days=deadline_days_ahead))
                  if deadline_days_ahead is not None else None)
    row.organisations_present = []
    db.session.add(row)
    if commit:
        db.session.commit()
    return row
