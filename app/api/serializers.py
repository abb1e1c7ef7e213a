"""Models as the API's JSON: stable English field names, ISO 8601 times in UTC.

Only what the public pages show leaves here. People appear by display name
only, never by e-mail address; a deleted account's name is null.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import url_for

from app.api.text import as_html, as_plain


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def person_name(user) -> str | None:
    if user is None or user.deleted_at is not None:
        return None
    return user.display_name


def _urls(api_endpoint: str, html_endpoint: str, **values) -> dict[str, str]:
    return {"url": url_for(api_endpoint, _external=True, **values),
            "html_url": url_for(html_endpoint, _external=True, **values)}


def community_ref(community) -> dict | None:
    if community is None:
        return None
    return {"id": community.id, "name": community.name, "slug": community.slug}


def community(row) -> dict:
    return {**community_ref(row),
            "description_html": as_html(row.description),
            "description_text": as_plain(row.description),
            "parent_id": row.parent_id,
            "archived": row.archived_at is not None,
            "html_url": url_for("communities.show", slug=row.slug, _external=True)}


def theme(row) -> dict:
    return {"id": row.id, "name": row.name, "archived": row.archived_at is not None}


def organisation_ref(row) -> dict | None:
    return {"id": row.id, "name": row.name} if row is not None else None


def proposal(row) -> dict:
    answer = None
    if row.answer:  # as on the proposal's page
        answer = {"decision": row.decision, "text_html": as_html(row.answer),
                  "text": as_plain(row.answer), "answered_at": iso(row.answered_at)}
    return {
        "reference": row.reference,
        "title": row.title,
        "body_html": as_html(row.body),
        "body_text": as_plain(row.body),
        "status": row.status,
        "decision": row.decision,
        "community": community_ref(row.community),
        "theme": {"id": row.theme.id, "name": row.theme.name},
        "author_name": person_name(row.author),
        "organisation": organisation_ref(row.organisation),
        "dialogue": {"id": row.dialogue.id, "title": row.dialogue.title}
        if row.dialogue else None,
        "support_count": row.support_count,
        "organisation_support_count": row.organisation_support_count,
        "comment_count": row.comment_count,
        "published_at": iso(row.published_at),
        "answered_at": iso(row.answered_at),
        "answer": answer,
        **_urls("api.proposal", "proposals.show", reference=row.reference),
    }


def history_entry(row) -> dict:
    return {"event": row.event, "from_status": row.from_status, "to_status": row.to_status,
            "decision": row.decision, "reason": row.reason, "created_at": iso(row.created_at)}


def action_ref(action) -> dict:
    challenge = action.commitment.challenge
    return {"id": action.id, "text": action.text, "status": action.status,
            "progress": action.progress,
            "plan": {"id": challenge.plan.id, "title": challenge.plan.title},
            **_urls("api.action", "plans.action", action_id=action.id)}


def action_link(link) -> dict:
    return {"action": action_ref(link.action), "motivation": link.motivation,
            "linked_at": iso(link.created_at)}


def meeting(row) -> dict:
    reported = row.attendees is not None
    return {
        "id": row.id, "title": row.title,
        "starts_at": iso(row.starts_at), "ends_at": iso(row.ends_at),
        "place": row.place, "address": row.address, "online_url": row.online_url,
        "description_html": as_html(row.description),
        "step_free": row.step_free, "hearing_loop": row.hearing_loop,
        "accessibility_info": row.accessibility_info,
        "capacity": row.capacity, "registered_count": row.registered_count,
        "waitlist_count": row.waitlist_count,
        "cancelled": row.cancelled_at is not None,
        "attendees": row.attendees,
        "summary_html": as_html(row.summary) if reported and row.summary else None,
    }


def dialogue(row, target_groups: list[str]) -> dict:
    feedback = None
    if row.status == "feedback_published":
        feedback = {"heard_html": as_html(row.feedback_heard),
                    "next_html": as_html(row.feedback_next),
                    "published_at": iso(row.feedback_published_at)}
    return {
        "id": row.id, "title": row.title,
        "question_html": as_html(row.question),
        "description_html": as_html(row.description),
        "influence_scope_html": as_html(row.influence_scope),
        "community": community_ref(row.community),
        "status": row.status,
        "participation_level": row.participation_level,
        "target_groups": sorted(target_groups),
        "organising_unit": row.organising_unit,
        "partners": [organisation_ref(partner) for partner in
                     sorted(row.partners, key=lambda partner: partner.name)],
        "proposals_from": iso_date(row.proposals_from),
        "proposals_until": iso_date(row.proposals_until),
        "meetings": [meeting(m) for m in row.meetings],
        "feedback": feedback,
        "created_at": iso(row.created_at),
        "proposals_url": url_for("api.proposals", dialogue=row.id, _external=True),
        **_urls("api.dialogue", "dialogues.show", dialogue_id=row.id),
    }


def dialogue_link(link) -> dict:
    return {"action": action_ref(link.action), "motivation": link.motivation,
            "linked_at": iso(link.created_at)}


def plan_summary(row) -> dict:
    return {
        "id": row.id, "title": row.title, "kind": row.kind,
        "registry_number": row.registry_number, "owner": row.owner,
        "first_year": row.first_year, "last_year": row.last_year, "status": row.status,
        "decision": {"body": row.decision_body, "date": iso_date(row.decision_date),
                     "paragraph": row.decision_paragraph,
                     "registry_number": row.decision_registry_number, "text": row.decision_text}
        if row.decision_body or row.decision_date else None,
        "updated_at": iso(row.updated_at),
        **_urls("api.plan", "plans.show", plan_id=row.id),
    }


def action_fields(row, counts: dict[str, int] | None = None) -> dict[str, Any]:
    counts = counts or {}
    return {
        "id": row.id, "text": row.text, "responsible": row.responsible,
        "follow_up_report": row.follow_up_report, "follow_up_year": row.follow_up_year,
        "status": row.status, "progress": row.progress,
        "starts_on": iso_date(row.starts_on), "ends_on": iso_date(row.ends_on),
        "updated_at": iso(row.updated_at),
        "linked_proposal_count": counts.get("proposals", 0),
        "linked_dialogue_count": counts.get("dialogues", 0),
        **_urls("api.action", "plans.action", action_id=row.id),
    }


def plan(row, link_counts: dict[int, dict[str, int]]) -> dict:
    parent = row.parent if row.parent is not None and row.parent.status != "draft" else None
    return {
        **plan_summary(row),
        "introduction_html": as_html(row.introduction),
        "parent": {"id": parent.id, "title": parent.title} if parent else None,
        "challenges": [{
            "id": challenge.id, "title": challenge.title,
            "description": challenge.description,
            "commitments": [{
                "id": commitment.id, "quote": commitment.quote,
                "actions": [action_fields(action, link_counts.get(action.id))
                            for action in commitment.actions],
            } for commitment in challenge.commitments],
        } for challenge in row.challenges],
    }


def action_update(row) -> dict:
    return {"status": row.status, "progress": row.progress, "text_html": as_html(row.text),
            "created_at": iso(row.created_at)}


def linked_proposal(link) -> dict:
    row = link.proposal
    return {"reference": row.reference, "title": row.title, "status": row.status,
            "motivation": link.motivation, "linked_at": iso(link.created_at),
            **_urls("api.proposal", "proposals.show", reference=row.reference)}


def linked_dialogue(link) -> dict:
    row = link.dialogue
    return {"id": row.id, "title": row.title, "status": row.status,
            "motivation": link.motivation, "linked_at": iso(link.created_at),
            **_urls("api.dialogue", "dialogues.show", dialogue_id=row.id)}
