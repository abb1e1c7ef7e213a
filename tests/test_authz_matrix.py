"""Who may open what: every route × every role.

The table below is this test's own statement of the rules, written by hand and
not derived from `ROLE_PERMISSIONS`, so a change to the permissions module
that widens access makes this test fail until the table is changed on purpose.
Every new route must declare a permission, and every URL argument it takes
must be known here, so no route escapes the matrix.
"""

from __future__ import annotations

import pytest
from flask import url_for

from app.core.permissions import Permission, declared_permission

ROLES = ("anonymous", "resident", "moderator", "official", "admin")
SIGNED_IN = {"resident", "moderator", "official", "admin"}

ALLOWED: dict[Permission, set[str]] = {
    Permission.PUBLIC: set(ROLES),
    Permission.SIGNED_IN: SIGNED_IN,
    Permission.VIEW_ADMIN: {"admin"},
    Permission.MANAGE_COMMUNITIES: {"admin"},
    Permission.MANAGE_USERS: {"admin"},
    Permission.MANAGE_SETTINGS: {"admin"},
    Permission.SUBMIT_PROPOSAL: SIGNED_IN,
    Permission.TAKE_PART: SIGNED_IN,
    Permission.ACT_FOR_ORGANISATIONS: SIGNED_IN,
    Permission.MODERATE: {"moderator", "admin"},
    Permission.MANAGE_THEMES: {"admin"},
    Permission.VERIFY_ORGANISATIONS: {"admin"},
    Permission.MANAGE_DIALOGUES: {"moderator", "admin"},
    Permission.MANAGE_PLANS: {"moderator", "admin"},
    Permission.LINK_ACTIONS: {"moderator", "official", "admin"},
    Permission.UPDATE_ACTIONS: {"moderator", "official", "admin"},
    Permission.ANSWER_PROPOSALS: {"moderator", "official", "admin"},
    Permission.INTERNAL_NOTES: {"moderator", "official", "admin"},
    Permission.MANAGE_GROUPS: {"moderator", "admin"},
    Permission.ACT_FOR_GROUPS: SIGNED_IN,
    Permission.ADMINISTER_GROUPS: SIGNED_IN,
}

# Routes that act on something the user must own as well (their proposal, their
# comment): a signed-in role that is allowed in general still gets 403 on
# someone else's. Their ownership rules are tested in tests/proposals/.
OWNER_ONLY = {
    "proposals.edit", "proposals.withdraw", "proposals.edit_comment",
    "proposals.delete_comment",
    # an organisation's administrators or members only
    "organisations.edit", "organisations.members", "organisations.change_member_role",
    "organisations.remove_member", "organisations.leave", "organisations.visibility",
    "organisations.revoke_invitation",
    # A local development group's administrators (and moderators and admins, who
    # pass); its members leave and choose their visibility; an organisation's
    # administrators answer a group's request. Tested in tests/groups/.
    "groups.edit", "groups.members", "groups.ask_organisation", "groups.change_member_role",
    "groups.remove_member", "groups.revoke_invitation", "groups.remove_organisation",
    "groups.leave", "groups.visibility", "groups.organisation_answer",
    # An official writes updates only for the actions he or she is named responsible
    # for; the matrix's action names nobody, so an official gets 403 there, which is
    # the rule working. Responsible officials are tested in tests/plans/.
    "plans.update_action",
    # An official answers only the proposals assigned to him or her; the matrix's
    # proposal is assigned to nobody. Assigned officials are tested in
    # tests/proposals/test_answer_form.py.
    "moderation.answer",
}

LOGIN_PATH = "/konto/logga-in"


def route_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
                  key=lambda rule: rule.rule)


def url_arguments(rule, objects: dict) -> dict:
    """Values for a rule's URL arguments, from the test's fixture objects."""
    known = {
        "slug": lambda: objects["community"].slug,
        "community_id": lambda: objects["community"].id,
        "user_id": lambda: objects["user"].id,
        "token": lambda: "x",
        "direction": lambda: "up",
        "reference": lambda: objects["proposal"].reference,
        "comment_id": lambda: objects["comment"].id,
        "theme_id": lambda: objects["theme"].id,
        "organisation_id": lambda: objects["organisation"].id,
        "member_id": lambda: objects["membership"].id,
        "dialogue_id": lambda: objects["meeting"].dialogue_id,
        "meeting_id": lambda: objects["meeting"].id,
        "invitation_id": lambda: objects["invitation"].id,
        "plan_id": lambda: objects["plan"].id,
        "action_id": lambda: objects["action"].id,
        "challenge_id": lambda: objects["challenge"].id,
        "commitment_id": lambda: objects["commitment"].id,
        "kind": lambda: "forslag",
        "item_id": lambda: objects["proposal"].id,
        "year": lambda: 2026,
        "fmt": lambda: "csv",
        # The owner's notification: anyone else gets 404, tested in tests/core/.
        "notification_id": lambda: objects["notification"].id,
        # The matrix plan's consultation: a published version and one of its sections.
        "version_id": lambda: objects["draft_version"].id,
        "section_id": lambda: objects["draft_section"].id,
        "response_id": lambda: objects["consultation_response"].id,
        "group_id": lambda: objects["group"].id,
        "group_member_id": lambda: objects["group_member"].id,
        "group_invitation_id": lambda: objects["group_invitation"].id,
        "link_id": lambda: objects["group_organisation"].id,
    }
    unknown = sorted(set(rule.arguments) - set(known))
    if unknown:
        pytest.fail(f"{rule.rule} ({rule.endpoint}) takes URL arguments {unknown} that the "
                    f"authorisation matrix does not know: add them to url_arguments() in "
                    f"{__name__}")
    return {name: known[name]() for name in rule.arguments}


def matrix_objects(make) -> dict:
    """One of each object a URL can point at, owned by someone else than the
    user making the requests."""
    from tests import proposal_factories

    owner = make.user(display_name="Målperson")
    theme = proposal_factories.theme()
    proposal = proposal_factories.proposal(owner, community=make.community(), theme_=theme)
    from app.organisations import services as organisation_services
    from tests import dialogue_factories, organisation_factories

    organisation = organisation_factories.organisation(owner)
    meeting = dialogue_factories.meeting(dialogue_factories.dialogue())
    from app.core import notifications

    notification = notifications.notify(
        owner, notifications.Category.MY_PROPOSALS, "proposal_status_changed",
        subject="Nytt om ditt förslag", template="proposal_status_changed",
        url="http://127.0.0.1:5000/", proposal=proposal, status="Publicerat")
    return {"notification": notification, "community": make.community(), "user": owner,
            "theme": theme,
            "proposal": proposal, "comment": proposal_factories.comment(proposal, owner),
            "organisation": organisation,
            "membership": organisation_services.membership(organisation, owner),
            "meeting": meeting, **_plan_objects(), **_group_objects(owner, organisation),
            "invitation": organisation_services.invite(
                organisation, owner, "inbjuden@example.org", "member"),
            **_consultation_objects(owner, organisation)}


def _consultation_objects(owner, organisation) -> dict:
    """A consultation on the matrix plan, open now, with a section comment and a
    response by someone else than the user making the requests."""
    from app.extensions import db
    from app.plans.models import Plan
    from tests import consultation_factories

    plan = db.session.scalars(db.select(Plan)).first()
    consultation = consultation_factories.consultation(plan, sections=0)
    version = consultation_factories.first_version(consultation)
    section = consultation_factories.sections(version)[0]
    consultation_factories.comment(section, owner)
    response = consultation_factories.response(consultation, organisation, owner)
    return {"draft_version": version, "draft_section": section,
            "consultation_response": response}


def _group_objects(owner, organisation) -> dict:
    """A group the owner runs, with a member, an invitation and the owner's
    organisation asked to join."""
    from tests import group_factories

    group = group_factories.group(owner)
    return {"group": group, "group_member": group_factories.member(group),
            "group_invitation": group_factories.invitation(group, "bjuden@example.org"),
            "group_organisation": group_factories.organisation_member(
                group, organisation, accepted=False)}


def _plan_objects() -> dict:
    from app.plans import services as plan_services
    from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft

    plan = plan_services.save_draft(PlanDraft(
        title="Handlingsplan", registry_number="KS 2026/1", period=(2026, 2027),
        challenges=[ChallengeDraft("Levande landsbygd", commitments=[CommitmentDraft(
            "”Hela kommunen ska leva.”", actions=[ActionDraft("Öppna bygdegårdarna.")])])]))
    from app.extensions import db
    from app.plans.models import Action, Challenge, Commitment

    db.session.commit()
    return {"plan": plan, "action": db.session.scalars(db.select(Action)).first(),
            "challenge": db.session.scalars(db.select(Challenge)).first(),
            "commitment": db.session.scalars(db.select(Commitment)).first()}


def build_url(app, rule, objects: dict) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **url_arguments(rule, objects))


def request_for(client, rule, url: str):
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={})


def test_every_route_declares_a_permission(app):
    undeclared = [f"{rule.rule} -> {rule.endpoint}" for rule in route_rules(app)
                  if declared_permission(app.view_functions[rule.endpoint]) is None]
    assert not undeclared, (
        "These routes have no @requires(...) permission:\n  " + "\n  ".join(undeclared))


def test_the_matrix_knows_every_permission():
    missing = [p.value for p in Permission if p not in ALLOWED]
    assert not missing, f"Add these permissions to ALLOWED in {__name__}: {missing}"


def signed_in(client, user):
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_matrix_allows(app, db, make, role):
    objects = matrix_objects(make)
    acting = None if role == "anonymous" else make.user(role)
    client = app.test_client()
    problems = []

    for rule in route_rules(app):
        permission = declared_permission(app.view_functions[rule.endpoint])
        if permission is None or permission not in ALLOWED:
            continue  # reported by the two tests above
        url = build_url(app, rule, objects)
        if acting is not None:
            db.session.refresh(acting)
        signed_in(client, acting)
        response = request_for(client, rule, url)
        location = response.headers.get("Location", "")
        to_login = response.status_code in (301, 302, 303) and location.startswith(LOGIN_PATH)
        method = "GET" if "GET" in rule.methods else "POST"
        what = f"{method} {url} ({permission.value}) as {role}: {response.status_code} {location}"

        if role in ALLOWED[permission]:
            refused = response.status_code == 403 and rule.endpoint not in OWNER_ONLY
            if refused or response.status_code == 401 or to_login or \
                    response.status_code >= 500:
                problems.append(f"should be allowed – {what}")
        elif role == "anonymous":
            if not to_login:
                problems.append(f"should send to sign-in – {what}")
        elif response.status_code != 403:
            problems.append(f"should be 403 – {what}")

    assert not problems, "\n".join(problems)


def test_a_deactivated_admin_reaches_nothing_but_public_pages(app, make):
    admin = make.user("admin", active=False)
    client = app.test_client()
    signed_in(client, admin)
    response = client.get("/admin")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN_PATH)


def test_a_session_with_an_unknown_role_gets_nothing(app, db, make):
    user = make.user()
    user.role = "emperor"
    db.session.commit()
    client = app.test_client()
    signed_in(client, user)
    assert client.get("/admin").status_code == 403


# The consultation's handling page and report, by who is asking: besides the
# roles, a member of an organisation and of a local development group that
# took part. Before the report is published only moderators and admins see it
# (a preview); afterwards everyone does. Handling is for moderators and admins.
CONSULTATION_VIEWERS = ("anonymous", "resident", "official", "organisation_member",
                        "group_member", "moderator", "admin")


def _consultation_viewer(make, of, gf, who: str, organisation, group):
    if who == "anonymous":
        return None
    if who == "organisation_member":
        user = make.user()
        of.member(organisation, user)
        return user
    if who == "group_member":
        user = make.user()
        gf.member(group, user)
        return user
    return make.user(who)


@pytest.mark.parametrize("who", CONSULTATION_VIEWERS)
def test_the_consultation_report_and_handling_by_who_asks(app, db, make, cf, of, gf, who):
    from app.consultation import handling
    from app.plans.models import Plan

    consultation = cf.consultation(days_before=40, days_after=-1)
    plan = db.session.get(Plan, consultation.plan_id)
    section = cf.sections(cf.first_version(consultation))[0]
    owner = make.user()
    organisation = of.organisation(owner)
    group = gf.group(owner)
    comment = cf.comment(section, owner, group=group)
    response = cf.response(consultation, organisation, owner)
    viewer = _consultation_viewer(make, of, gf, who, organisation, group)
    client = app.test_client()
    signed_in(client, viewer)
    staff = who in ("moderator", "admin")
    base = f"/styrdokument/{plan.id}/samrad/redogorelse"
    admin_base = f"/admin/styrdokument/{plan.id}/samrad"

    def status(url, method="get"):
        response_ = getattr(client, method)(url, data={})
        if response_.status_code in (301, 302, 303) and \
                response_.headers["Location"].startswith(LOGIN_PATH):
            return "login"
        return response_.status_code

    refused = "login" if who == "anonymous" else 403
    assert status(base) == (200 if staff else 404)
    assert status(f"{base}.docx") == (200 if staff else 404)
    assert status(f"{admin_base}/hantering") == (200 if staff else refused)
    assert status(f"{admin_base}/hantering/kommentarer/{comment.id}", "post") == (
        400 if staff else refused)
    assert status(f"{admin_base}/hantering/yttranden/{response.id}", "post") == (
        400 if staff else refused)
    assert status(f"{admin_base}/redogorelse/publicera", "post") == (
        302 if staff else refused)

    moderator = make.user("moderator")
    for item in (comment, response):
        handling.handle(plan, item, moderator, outcome="noted", motivation="Tack.")
    handling.publish_report(plan, consultation, moderator)
    db.session.commit()
    assert status(base) == 200
    assert status(f"{base}.csv") == 200
