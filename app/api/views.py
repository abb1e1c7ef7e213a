"""The read-only JSON API under /api/v1/: public data only, as the site shows it.

Lists are paged with opaque cursors (`cursor`, `limit`, and a `next` link);
bad parameters are a 400 and unknown or non-public items a 404, both as JSON
errors. Anonymous use is rate limited per address (API_RATE_LIMIT).
"""

from __future__ import annotations

import re

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp, params, queries
from app.api import serializers as out
from app.api.errors import ApiError, bad_parameter, error_response, not_found
from app.api.openapi import document
from app.api.stats_serializer import statistics as statistics_json
from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, requires
from app.dialogues.models import DialogueStatus, TargetGroup
from app.extensions import csrf, limiter
from app.plans import chain
from app.plans import queries as plan_queries
from app.proposals import queries as proposal_queries
from app.proposals.models import PUBLIC_STATUSES
from app.stats import snapshot as stats_snapshot
from app.stats.period import PeriodError, resolve

WHOLE = proposal_queries.WHOLE
REFERENCE = re.compile(r"[A-Za-z0-9-]{1,20}")

csrf.exempt(bp)  # read-only GET routes: nothing to forge


def _api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _signed_in() -> bool:
    return bool(current_user.is_authenticated)


# One budget per address for the whole API and the CSV files; signed-in people
# are not limited (their requests are already tied to an account).
rate_limited = limiter.shared_limit(_api_limit, scope="api", exempt_when=_signed_in)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error)


@bp.after_request
def _open_to_other_sites(response):
    # Open data: any web page may read the API from the browser (no credentials).
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _listing(items: list, next_cursor: str | None, limit: int):
    # Built with url_for rather than taken from request.url, so that they are
    # percent-encoded URIs whatever characters the search text has.
    args = {key: value for key, value in request.args.items() if key != "cursor" and value}
    self_url = url_for(request.endpoint, _external=True, **args,
                       **({"cursor": request.args["cursor"]} if request.args.get("cursor")
                          else {}))
    next_url = (url_for(request.endpoint, _external=True, **{**args, "cursor": next_cursor})
                if next_cursor else None)
    return jsonify({"data": items, "links": {"self": self_url, "next": next_url},
                    "meta": {"limit": limit}})


def _community_filter() -> str:
    value = params.raw("community")
    if value is None or value == WHOLE:
        return value or ""
    params.whole_number("community")
    return value


def _id_or_404(value: int, message: str) -> int:
    if not 0 < value <= params.MAX_ID:
        raise not_found(message)
    return value


@bp.route("/api/v1/")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def index():
    links = {name: url_for(f"api.{name}", _external=True)
             for name in ("communities", "themes", "proposals", "dialogues", "plans",
                          "stats")}
    return jsonify({"links": {**links,
                              "openapi": url_for("api.openapi", _external=True),
                              "open_data": url_for("api.open_data", _external=True)}})


@bp.route("/api/v1/openapi.json")
@requires(Permission.PUBLIC)
def openapi():
    return jsonify(document(request.host_url.rstrip("/")))


@bp.route("/api/v1/communities")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def communities():
    return jsonify({"data": [out.community(row) for row in queries.communities()]})


@bp.route("/api/v1/themes")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def themes():
    return jsonify({"data": [out.theme(row) for row in queries.themes()]})


@bp.route("/api/v1/proposals")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def proposals():
    filters = proposal_queries.Filters(
        q=params.text("q", 200),
        community=_community_filter(),
        status=params.choice("status", [s.value for s in PUBLIC_STATUSES]) or "",
        theme=str(params.whole_number("theme") or ""))
    sort = params.choice("sort", list(queries.PROPOSAL_SORTS)) or "newest"
    dialogue_id = params.whole_number("dialogue")
    action_id = params.whole_number("action")
    limit = params.limit()
    found = queries.proposals(filters, sort, limit, dialogue_id, action_id)
    return _listing([out.proposal(row) for row in found.items], found.next_cursor, limit)


@bp.route("/api/v1/proposals/<reference>")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def proposal(reference: str):
    missing = not_found(_("No public proposal has the reference %(reference)s.",
                          reference=reference[:40]))
    if not REFERENCE.fullmatch(reference):
        raise missing
    row = queries.proposal(reference)
    if row is None:
        raise missing
    return jsonify({
        **out.proposal(row),
        "history": [out.history_entry(entry) for entry in proposal_queries.history(row)],
        "actions": [out.action_link(link) for link in chain.proposal_links(row)],
    })


@bp.route("/api/v1/dialogues")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def dialogues():
    community = _community_filter()
    status = params.choice("status", [s.value for s in DialogueStatus])
    target_group = params.choice("target_group", [g.value for g in TargetGroup])
    action_id = params.whole_number("action")
    limit = params.limit()
    found, groups = queries.dialogues(community, status, target_group, limit, action_id)
    return _listing([out.dialogue(row, groups.get(row.id, [])) for row in found.items],
                    found.next_cursor, limit)


@bp.route("/api/v1/dialogues/<int:dialogue_id>")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def dialogue(dialogue_id: int):
    message = _("No dialogue has the id %(id)s.", id=dialogue_id)
    row = queries.dialogue(_id_or_404(dialogue_id, message))
    if row is None:
        raise not_found(message)
    groups = queries.target_groups_by_dialogue([row.id])
    return jsonify({**out.dialogue(row, groups[row.id]),
                    "actions": [out.dialogue_link(link)
                                for link in chain.dialogue_links(row)]})


@bp.route("/api/v1/plans")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def plans():
    limit = params.limit()
    found = queries.plans(limit)
    return _listing([out.plan_summary(row) for row in found.items], found.next_cursor, limit)


@bp.route("/api/v1/plans/<int:plan_id>")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def plan(plan_id: int):
    message = _("No published plan has the id %(id)s.", id=plan_id)
    row = plan_queries.plan_document(_id_or_404(plan_id, message))
    if row is None or row.status == "draft":
        raise not_found(message)
    return jsonify(out.plan(row, chain.link_counts(row)))


@bp.route("/api/v1/actions/<int:action_id>")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def action(action_id: int):
    message = _("No published action has the id %(id)s.", id=action_id)
    row = queries.action(_id_or_404(action_id, message))
    if row is None:
        raise not_found(message)
    links = queries.action_links(row)
    counts = {"proposals": links["proposal_total"], "dialogues": links["dialogue_total"]}
    challenge = row.commitment.challenge
    return jsonify({
        **out.action_fields(row, counts),
        "plan": {"id": challenge.plan.id, "title": challenge.plan.title,
                 "url": url_for("api.plan", plan_id=challenge.plan.id, _external=True)},
        "challenge": {"id": challenge.id, "title": challenge.title},
        "commitment": {"id": row.commitment.id, "quote": row.commitment.quote},
        "communities": [out.community_ref(c) for c in row.communities],
        "updates": [out.action_update(update) for update in queries.action_updates(row)],
        "linked_proposals": {
            "total": links["proposal_total"],
            "items": [out.linked_proposal(link) for link in links["proposals"]],
            "all_url": url_for("api.proposals", action=row.id, _external=True)},
        "linked_dialogues": {
            "total": links["dialogue_total"],
            "items": [out.linked_dialogue(link) for link in links["dialogues"]],
            "all_url": url_for("api.dialogues", action=row.id, _external=True)},
    })


@bp.route("/api/v1/stats")
@requires(Permission.PUBLIC)
@rate_limited
@cached_page(signed_in=resident)
def stats():
    try:
        period = resolve(params.raw("start"), params.raw("end"), params.raw("year"))
    except PeriodError as error:
        raise bad_parameter(error.field, error.message) from None
    return jsonify(statistics_json(stats_snapshot.statistics(period)[0]))
