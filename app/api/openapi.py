"""The OpenAPI 3 description of the API, written by hand next to the serializers.

tests/api/test_openapi.py drives the API from this document with schemathesis
and checks every answer against it, so the two cannot drift apart unnoticed.
Objects forbid properties the document does not name.
"""

from __future__ import annotations

from app.api.params import DEFAULT_LIMIT, MAX_ID, MAX_LIMIT
from app.dialogues.models import DialogueStatus, ParticipationLevel, TargetGroup
from app.plans.models import ActionStatus, PlanKind, PlanStatus
from app.proposals.models import PUBLIC_STATUSES, Decision, HistoryEvent, ProposalStatus

STRING = {"type": "string"}
TEXT_HTML = {"type": "string", "description": "Sanitised HTML, as the site shows it."}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE_TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}


def nullable(schema: dict) -> dict:
    found = {**schema, "nullable": True}
    if "enum" in found:
        found["enum"] = [*found["enum"], None]
    return found


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, description: str | None = None) -> dict:
    found = {"type": "object", "properties": properties, "required": list(properties),
             "additionalProperties": False}
    if description:
        found["description"] = description
    return found


def enum(values) -> dict:
    return {"type": "string", "enum": [str(value) for value in values]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


PAGES = {"url": URL, "html_url": URL}

COMMUNITY_REF = obj({"id": INTEGER, "name": STRING, "slug": STRING},
                    "A local community (lokalsamhälle); null means the whole municipality.")
ORGANISATION_REF = obj({"id": INTEGER, "name": STRING})
PLAN_REF = obj({"id": INTEGER, "title": STRING})

PROPOSAL = {
    "reference": {**STRING, "example": "F-2026-0042"},
    "title": STRING,
    "body_html": TEXT_HTML,
    "body_text": {**STRING, "description": "The body as plain text (not HTML: escape it)."},
    "status": enum(PUBLIC_STATUSES),
    "decision": nullable(enum(Decision)),
    "community": nullable(ref("CommunityRef")),
    "theme": obj({"id": INTEGER, "name": STRING}),
    "author_name": nullable({**STRING, "description":
                             "The author's display name; null when the account is deleted."}),
    "organisation": nullable(ref("OrganisationRef")),
    "dialogue": nullable(obj({"id": INTEGER, "title": STRING})),
    "support_count": COUNT,
    "organisation_support_count": COUNT,
    "comment_count": COUNT,
    "published_at": nullable(DATE_TIME),
    "answered_at": nullable(DATE_TIME),
    "answer": nullable(obj({"decision": nullable(enum(Decision)), "text_html": TEXT_HTML,
                            "text": STRING, "answered_at": nullable(DATE_TIME)})),
    **PAGES,
}

ACTION_REF = obj({"id": INTEGER, "text": STRING, "status": enum(ActionStatus),
                  "progress": COUNT, "plan": PLAN_REF, **PAGES})
ACTION_LINK = obj({"action": ref("ActionRef"), "motivation": STRING, "linked_at": DATE_TIME})

HISTORY_ENTRY = obj({
    "event": enum(HistoryEvent), "from_status": nullable(enum(ProposalStatus)),
    "to_status": enum(ProposalStatus), "decision": nullable(enum(Decision)),
    "reason": nullable(STRING), "created_at": DATE_TIME})

MEETING = obj({
    "id": INTEGER, "title": STRING, "starts_at": DATE_TIME, "ends_at": DATE_TIME,
    "place": STRING, "address": STRING, "online_url": nullable(STRING),
    "description_html": TEXT_HTML, "step_free": BOOLEAN, "hearing_loop": BOOLEAN,
    "accessibility_info": STRING, "capacity": COUNT, "registered_count": COUNT,
    "waitlist_count": COUNT, "cancelled": BOOLEAN, "attendees": nullable(COUNT),
    "summary_html": nullable(TEXT_HTML)})

DIALOGUE = {
    "id": INTEGER, "title": STRING, "question_html": TEXT_HTML, "description_html": TEXT_HTML,
    "influence_scope_html": TEXT_HTML, "community": nullable(ref("CommunityRef")),
    "status": enum(DialogueStatus), "participation_level": enum(ParticipationLevel),
    "target_groups": array(enum(TargetGroup)), "organising_unit": STRING,
    "partners": array(ref("OrganisationRef")),
    "proposals_from": nullable(DATE), "proposals_until": nullable(DATE),
    "meetings": array(ref("Meeting")),
    "feedback": nullable(obj({"heard_html": TEXT_HTML, "next_html": TEXT_HTML,
                              "published_at": nullable(DATE_TIME)})),
    "created_at": DATE_TIME,
    "proposals_url": {**URL, "description": "The proposals raised within the dialogue."},
    **PAGES,
}

PLAN_SUMMARY = {
    "id": INTEGER, "title": STRING, "kind": enum(PlanKind),
    "registry_number": nullable(STRING), "owner": STRING,
    "first_year": nullable(INTEGER), "last_year": nullable(INTEGER),
    "status": enum(s for s in PlanStatus if s != PlanStatus.DRAFT),
    "decision": nullable(obj({"body": nullable(STRING), "date": nullable(DATE),
                              "paragraph": nullable(STRING),
                              "registry_number": nullable(STRING), "text": nullable(STRING)},
                             "The adoption decision.")),
    "updated_at": DATE_TIME,
    **PAGES,
}

ACTION = {
    "id": INTEGER, "text": STRING, "responsible": STRING, "follow_up_report": STRING,
    "follow_up_year": nullable(INTEGER), "status": enum(ActionStatus),
    "progress": {"type": "integer", "minimum": 0, "maximum": 100},
    "starts_on": nullable(DATE), "ends_on": nullable(DATE), "updated_at": DATE_TIME,
    "linked_proposal_count": {**COUNT, "description": "Public proposals linked to it."},
    "linked_dialogue_count": COUNT,
    **PAGES,
}

PLAN = {
    **PLAN_SUMMARY,
    "introduction_html": TEXT_HTML,
    "parent": nullable(PLAN_REF),
    "challenges": array(obj({
        "id": INTEGER, "title": STRING, "description": STRING,
        "commitments": array(obj({"id": INTEGER, "quote": STRING,
                                  "actions": array(ref("Action"))})),
    })),
}


def _linked(item: dict, description: str) -> dict:
    return obj({"total": COUNT, "items": array(item), "all_url": URL}, description)


ACTION_DETAIL = {
    **ACTION,
    "plan": obj({"id": INTEGER, "title": STRING, "url": URL}),
    "challenge": obj({"id": INTEGER, "title": STRING}),
    "commitment": obj({"id": INTEGER, "quote": STRING}),
    "communities": array(ref("CommunityRef")),
    "updates": array(obj({"status": enum(ActionStatus), "progress": COUNT,
                          "text_html": TEXT_HTML, "created_at": DATE_TIME})),
    "linked_proposals": _linked(obj({
        "reference": STRING, "title": STRING, "status": enum(PUBLIC_STATUSES),
        "motivation": STRING, "linked_at": DATE_TIME, **PAGES}),
        "The newest linked public proposals (at most 50); all_url lists them all."),
    "linked_dialogues": _linked(obj({
        "id": INTEGER, "title": STRING, "status": enum(DialogueStatus),
        "motivation": STRING, "linked_at": DATE_TIME, **PAGES}),
        "The newest linked dialogues (at most 50); all_url lists them all."),
}

ERROR = obj({"error": {
    "type": "object", "required": ["code", "status", "message"], "additionalProperties": False,
    "properties": {
        "code": {**STRING, "example": "invalid_parameter"},
        "status": INTEGER,
        "message": {**STRING, "description": "For people, in the site's language "
                                             "(Swedish unless chosen otherwise)."},
        "parameter": {**STRING, "description": "The query parameter that was wrong."},
    }}})


SHARE = {"type": "number", "minimum": 0, "maximum": 1}
STATUS_COUNTS = obj({status.value: COUNT for status in ProposalStatus},
                    "Proposals sent in during the period, by their status today.")
GROUP_STATISTICS = {
    "proposals": obj({"sent_in": COUNT, "by_status": STATUS_COUNTS}),
    "supports": obj({"total": COUNT, "from_people": COUNT, "from_organisations": COUNT},
                    "Supports given during the period."),
    "comments": COUNT,
    "participants": obj(
        {"total": COUNT, "residents": COUNT, "businesses": COUNT, "associations": COUNT,
         "other_organisations": COUNT},
        "Distinct accounts and organisations that sent in, supported or commented on a "
        "proposal, or registered for a meeting, during the period. Acting on behalf of an "
        "organisation counts the organisation."),
    "dialogues": obj({"dialogues_with_meetings": COUNT, "meetings_held": COUNT,
                      "attendance": COUNT, "meetings_with_attendance": COUNT},
                     "Meetings held (not cancelled) during the period, and their dialogues."),
    "answers": obj({"answered": COUNT,
                    "median_days": nullable({"type": "number", "minimum": 0}),
                    "within_deadline": COUNT, "share_within_deadline": nullable(SHARE)},
                   "Proposals answered during the period."),
    "actions": obj({"published_proposals": COUNT, "linked_to_actions": COUNT,
                    "share_linked": nullable(SHARE), "actions_done": COUNT},
                   "Published proposals sent in during the period and how many are linked "
                   "to an action today; actions done during the period."),
}
STATISTICS = {
    "period": obj({"start": DATE, "end": DATE, "year": nullable(INTEGER)},
                  "The first and last day, in the municipality's time zone."),
    "computed_at": DATE_TIME,
    "total": ref("GroupStatistics"),
    "whole_municipality": ref("GroupStatistics"),
    "communities": array(obj({
        "community": ref("CommunityRef"), "archived": BOOLEAN,
        "few_heard": {**BOOLEAN, "description": "Fewer participants than half the median "
                                                "community's, or none."},
        **GROUP_STATISTICS})),
    "few_heard": obj({"median_participants": nullable({"type": "number", "minimum": 0}),
                      "below": nullable({"type": "number", "minimum": 0})},
                     "The median community's participants and the limit; null when "
                     "nobody took part."),
    "html_url": URL,
}


def _list(item: str) -> dict:
    return obj({"data": array(ref(item)),
                "links": obj({"self": URL, "next": nullable({
                    **URL, "description": "The next page; null on the last page."})}),
                "meta": obj({"limit": INTEGER})})


SCHEMAS = {
    "Error": ERROR,
    "CommunityRef": COMMUNITY_REF,
    "OrganisationRef": ORGANISATION_REF,
    "Community": obj({"id": INTEGER, "name": STRING, "slug": STRING,
                      "description_html": TEXT_HTML, "description_text": STRING,
                      "parent_id": nullable(INTEGER), "archived": BOOLEAN,
                      "html_url": URL}),
    "Theme": obj({"id": INTEGER, "name": STRING, "archived": BOOLEAN}),
    "Proposal": obj(PROPOSAL),
    "ProposalDetail": obj({**PROPOSAL, "history": array(HISTORY_ENTRY),
                           "actions": array(ref("ActionLink"))}),
    "ActionRef": ACTION_REF,
    "ActionLink": ACTION_LINK,
    "Meeting": MEETING,
    "Dialogue": obj(DIALOGUE),
    "DialogueDetail": obj({**DIALOGUE, "actions": array(ref("ActionLink"))}),
    "PlanSummary": obj(PLAN_SUMMARY),
    "Plan": obj(PLAN),
    "Action": obj(ACTION),
    "ActionDetail": obj(ACTION_DETAIL),
    "ProposalList": _list("Proposal"),
    "DialogueList": _list("Dialogue"),
    "PlanList": _list("PlanSummary"),
    "CommunityList": obj({"data": array(ref("Community"))}),
    "ThemeList": obj({"data": array(ref("Theme"))}),
    "GroupStatistics": obj(GROUP_STATISTICS),
    "Statistics": obj(STATISTICS),
    "Index": obj({"links": obj({name: URL for name in (
        "communities", "themes", "proposals", "dialogues", "plans", "stats", "openapi",
        "open_data")})}),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


ID_FILTER = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
COMMUNITY_FILTER = _query(
    "community", {"type": "string", "pattern": "^(hela-kommunen|[1-9][0-9]{0,8})$"},
    "A community id, or `hela-kommunen` for what concerns the whole municipality.")
PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                     "default": DEFAULT_LIMIT}, "Items per page."),
    _query("cursor", {"type": "string", "maxLength": 500},
           "Opaque; copy it from links.next. A changed cursor is refused (400)."),
]


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref("Error")}}}


def _ok(schema: str, description: str = "OK") -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema)}}}


LIMITED = {"429": _error("Too many requests: wait as many seconds as Retry-After says.")}
BAD = {"400": _error("A parameter was wrong; error.parameter names it.")}
MISSING = {"404": _error("Not found, or not public.")}


def _get(summary: str, responses: dict, parameters: list | None = None,
         operation_id: str = "") -> dict:
    operation = {"summary": summary, "operationId": operation_id, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _csv(summary: str, operation_id: str) -> dict:
    return _get(summary, {"200": {"description": "UTF-8 with BOM, `;` between columns.",
                                  "content": {"text/csv": {"schema": STRING}}}, **LIMITED},
                operation_id=operation_id)


TEXT_QUERY = {"type": "string", "maxLength": 200,
              "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}

PATHS = {
    "/api/v1/": _get("Links to the API's lists", {"200": _ok("Index"), **LIMITED},
                     operation_id="index"),
    "/api/v1/communities": _get("Every local community", {"200": _ok("CommunityList"),
                                                           **LIMITED},
                                operation_id="listCommunities"),
    "/api/v1/themes": _get("Every theme", {"200": _ok("ThemeList"), **LIMITED},
                           operation_id="listThemes"),
    "/api/v1/proposals": _get(
        "Public proposals, with the filters of the proposal list",
        {"200": _ok("ProposalList"), **BAD, **LIMITED},
        [_query("q", TEXT_QUERY, "Search text (Swedish stemming)."), COMMUNITY_FILTER,
         _query("theme", ID_FILTER, "A theme id."),
         _query("status", enum(PUBLIC_STATUSES), "A status."),
         _query("dialogue", ID_FILTER, "Proposals raised within this dialogue."),
         _query("action", ID_FILTER, "Proposals linked to this action."),
         _query("sort", {**enum(("newest", "supports", "comments", "answered")),
                         "default": "newest"},
                "Newest published, most supported, most commented or recently answered."),
         *PAGING],
        "listProposals"),
    "/api/v1/proposals/{reference}": _get(
        "One public proposal with its history and linked actions",
        {"200": _ok("ProposalDetail"), **MISSING, **LIMITED},
        [{"name": "reference", "in": "path", "required": True,
          "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,20}$"}}],
        "getProposal"),
    "/api/v1/dialogues": _get(
        "Influence dialogues, newest first", {"200": _ok("DialogueList"), **BAD, **LIMITED},
        [COMMUNITY_FILTER, _query("status", enum(DialogueStatus), "A status."),
         _query("target_group", enum(TargetGroup), "A target group."),
         _query("action", ID_FILTER, "Dialogues linked to this action."), *PAGING],
        "listDialogues"),
    "/api/v1/dialogues/{dialogue_id}": _get(
        "One dialogue with its meetings and linked actions",
        {"200": _ok("DialogueDetail"), **MISSING, **LIMITED}, [_path_id("dialogue_id")],
        "getDialogue"),
    "/api/v1/plans": _get("Steering documents that are not drafts, newest first",
                          {"200": _ok("PlanList"), **BAD, **LIMITED}, PAGING, "listPlans"),
    "/api/v1/plans/{plan_id}": _get(
        "One steering document with its challenges, commitments and actions",
        {"200": _ok("Plan"), **MISSING, **LIMITED}, [_path_id("plan_id")], "getPlan"),
    "/api/v1/actions/{action_id}": _get(
        "One action with its updates and linked proposals and dialogues",
        {"200": _ok("ActionDetail"), **MISSING, **LIMITED}, [_path_id("action_id")],
        "getAction"),
    "/api/v1/stats": _get(
        "The statistics of a period, as on the statistics page",
        {"200": _ok("Statistics"), **BAD, **LIMITED},
        [_query("year", {"type": "integer", "minimum": 2000, "maximum": 2100},
                "A calendar year; not together with start or end."),
         _query("start", DATE, "The first day (YYYY-MM-DD); by default twelve months "
                               "before the last day."),
         _query("end", DATE, "The last day (YYYY-MM-DD); by default today.")],
        "getStatistics"),
    "/oppna-data/forslag.csv": _csv("Every public proposal as CSV", "proposalsCsv"),
    "/oppna-data/atgarder.csv": _csv("Every action of published plans as CSV", "actionsCsv"),
    "/oppna-data/dialoger.csv": _csv("Every dialogue as CSV", "dialoguesCsv"),
}

DESCRIPTION = """\
Open data from the platform: public proposals, influence dialogues, steering
documents and their actions, read-only. Only what the site shows to anyone:
no e-mail addresses, no names of deleted accounts, nothing hidden, waiting
for moderation or in a draft plan.

Lists are paged with an opaque cursor: follow `links.next` until it is null.
Times are ISO 8601 in UTC. Text written by people comes as sanitised HTML
(`*_html`) and, for proposals, as plain text (`body_text`).

Without signing in, each address may make a limited number of requests per
minute; beyond it the answer is 429 with a Retry-After header.

The data is dedicated to the public domain under CC0 1.0.
"""


def document(server_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Inflytande open data API", "version": "1.0.0",
                 "description": DESCRIPTION,
                 "license": {"name": "CC0 1.0 (the data)",
                             "url": "https://creativecommons.org/publicdomain/zero/1.0/"}},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
