"""The statistics as the page shows them: rows per group, chart data, and
numbers written the reader's way (1 234, 0,5 and 71 % in Swedish)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from babel.numbers import get_group_symbol
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from app.proposals.labels import STATUS_LABELS
from app.stats.figures import ACTOR_TYPES, GroupFigures, Statistics
from app.stats.labels import ACTOR_LABELS


@dataclass(frozen=True)
class Row:
    name: str
    figures: GroupFigures
    kind: str  # "total", "whole" or "community"
    few_heard: bool = False
    archived: bool = False


def number(value: int | Fraction) -> str:
    if isinstance(value, int):
        # The page writes a few hundred whole numbers: group the digits with the
        # locale's separator directly rather than through Babel's pattern.
        return f"{value:,}".replace(",", get_group_symbol(get_locale()))
    return format_decimal(float(value), format="#,##0.#")


def percent(share: Fraction | None) -> str:
    return format_percent(float(share), format="#,##0 %") if share is not None else ""


def days(value: Fraction | None) -> str:
    return format_decimal(float(value), format="#,##0.#") if value is not None else ""


def page(stats: Statistics) -> dict:
    rows = [Row(_("Whole municipality, in total"), stats.total, "total"),
            Row(_("Proposals about the whole municipality"), stats.whole_municipality,
                "whole")]
    rows += [Row(community.name, community.figures, "community", community.few_heard,
                 community.archived) for community in stats.communities]
    places = rows[1:]
    total = stats.total
    return {
        "rows": rows,
        "places": places,
        "statuses": [(status, str(label)) for status, label in STATUS_LABELS.items()],
        "actors": [(actor, str(ACTOR_LABELS[actor])) for actor in ACTOR_TYPES],
        "status_chart": [(str(label), total.proposals_by_status[status], number(
            total.proposals_by_status[status])) for status, label in STATUS_LABELS.items()],
        "actor_chart": [(str(ACTOR_LABELS[actor]), total.participants[actor],
                         number(total.participants[actor])) for actor in ACTOR_TYPES],
        "participant_chart": [(row.name, row.figures.participants_total,
                               number(row.figures.participants_total)) for row in places],
        "within_chart": [(row.name, float(row.figures.answers.share_within) * 100,
                          percent(row.figures.answers.share_within))
                         for row in places if row.figures.answers.answered],
        "number": number, "percent": percent, "days": days,
    }
