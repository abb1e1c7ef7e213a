"""In-memory drafts of a plan read from a file, before anything is stored.

An import produces a `PlanDraft`; an official looks at its summary and its
warnings before the plan is saved. The drafts are plain dataclasses so that
two imports of the same plan from different formats compare equal with `==`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PlanWarning:
    """Something an official should check in the file; `str()` gives "Line N: problem".

    Like `PlanImportError`, `message` is an English template with `%(name)s`
    placeholders filled from `params`, so that it can be translated before it
    is shown (see `import_messages.describe`).
    """

    message: str
    line: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def problem(self) -> str:
        return self.message % self.params if self.params else self.message

    def __str__(self) -> str:
        return f"Line {self.line}: {self.problem}" if self.line else self.problem


@dataclass
class ActionDraft:
    """An action (åtgärd): what is done, who answers for it, where it is reported."""

    text: str
    responsible: str = ""
    follow_up_report: str = ""
    follow_up_year: int | None = None


@dataclass
class CommitmentDraft:
    """A commitment: the quoted strategy text (citat ur strategin) and its actions."""

    quote: str
    actions: list[ActionDraft] = field(default_factory=list)


@dataclass
class ChallengeDraft:
    """A challenge (utmaning) of the strategy; `description` is its quoted passage, if any."""

    title: str
    description: str = ""
    commitments: list[CommitmentDraft] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(commitment.actions) for commitment in self.commitments)


@dataclass
class PlanDraft:
    """A plan (styrdokument) as read from a file, with warnings for an official to check."""

    title: str = ""
    registry_number: str = ""
    period: tuple[int, int] | None = None
    challenges: list[ChallengeDraft] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)

    @property
    def challenge_count(self) -> int:
        return len(self.challenges)

    @property
    def commitment_count(self) -> int:
        return sum(len(challenge.commitments) for challenge in self.challenges)

    @property
    def action_count(self) -> int:
        return sum(challenge.action_count for challenge in self.challenges)

    def iter_actions(self):
        """Yield (challenge, commitment, action) in document order."""
        for challenge in self.challenges:
            for commitment in challenge.commitments:
                for action in commitment.actions:
                    yield challenge, commitment, action

    def summary_dict(self) -> dict[str, Any]:
        """Counts and warnings as plain data; the warnings in English (see `describe`)."""
        return {
            "plan": {
                "title": self.title,
                "registry_number": self.registry_number,
                "period": list(self.period) if self.period else None,
            },
            "challenges": self.challenge_count,
            "commitments": self.commitment_count,
            "actions": self.action_count,
            "warnings": [str(warning) for warning in self.warnings],
        }
