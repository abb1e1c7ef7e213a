"""The statistics of a period as JSON: the same figures as /statistik."""

from __future__ import annotations

from fractions import Fraction

from flask import url_for

from app.api.serializers import iso, iso_date
from app.stats.figures import GroupFigures, Statistics


def _decimal(value: Fraction | None, places: int) -> float | None:
    return round(float(value), places) if value is not None else None


def group(figures: GroupFigures) -> dict:
    answers = figures.answers
    return {
        "proposals": {"sent_in": figures.proposals,
                      "by_status": dict(figures.proposals_by_status)},
        "supports": {"total": figures.supports, "from_people": figures.resident_supports,
                     "from_organisations": figures.organisation_supports},
        "comments": figures.comments,
        "participants": {"total": figures.participants_total, **figures.participants},
        "dialogues": {"dialogues_with_meetings": figures.dialogues_held,
                      "meetings_held": figures.meetings_held,
                      "attendance": figures.attendees,
                      "meetings_with_attendance": figures.meetings_with_attendance},
        "answers": {"answered": answers.answered,
                    "median_days": _decimal(answers.median_days, 2),
                    "within_deadline": answers.within_deadline,
                    "share_within_deadline": _decimal(answers.share_within, 4)},
        "actions": {"published_proposals": figures.public_proposals,
                    "linked_to_actions": figures.linked_proposals,
                    "share_linked": _decimal(figures.share_linked, 4),
                    "actions_done": figures.actions_done},
    }


def statistics(stats: Statistics) -> dict:
    period = stats.period
    return {
        "period": {"start": iso_date(period.first_day), "end": iso_date(period.last_day),
                   "year": period.year},
        "computed_at": iso(stats.computed_at),
        "total": group(stats.total),
        "whole_municipality": group(stats.whole_municipality),
        "communities": [{
            "community": {"id": row.id, "name": row.name, "slug": row.slug},
            "archived": row.archived,
            "few_heard": row.few_heard,
            **group(row.figures),
        } for row in stats.communities],
        "few_heard": {"median_participants": _decimal(stats.median_participants, 1),
                      "below": _decimal(stats.few_heard_below, 2)},
        "html_url": url_for("stats.statistics", _external=True,
                            **({"year": period.year} if period.year else
                               {"start": iso_date(period.first_day),
                                "end": iso_date(period.last_day)})),
    }
