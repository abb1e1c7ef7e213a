"""Blocking an account: moderators block for a while or until further notice
and lift the block; a blocked person reads but cannot write anything."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.core.permissions import Permission, can, declared_permission
from app.extensions import db
from app.moderation import blocks
from app.proposals.models import Comment, Proposal, Support

BLOCKED_LIST = "/moderering/sparrade"


def block_url(user) -> str:
    return f"/moderering/anvandare/{user.id}/sparra"


def lift_url(user) -> str:
    return f"/moderering/anvandare/{user.id}/hav-sparr"


def fresh_user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def audit_actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def set_block(user, *, days: float | None = 7, by=None, reason="Upprepade personangrepp."):
    """Block directly in the database, for tests about what a blocked person can do."""
    user.blocked_at = utcnow()
    user.blocked_until = utcnow() + timedelta(days=days) if days is not None else None
    user.blocked_indefinitely = days is None
    user.block_reason = reason
    user.blocked_by_id = by.id if by else None
    db.session.commit()
    return user


# --- moderators block and lift ---------------------------------------------------

def test_a_moderator_blocks_a_resident_for_seven_days(login_as, moderator, resident, outbox):
    client = login_as(moderator)
    page = client.get(block_url(resident))
    assert page.status_code == 200
    assert "Spärra" in page.get_data(as_text=True)

    response = client.post(block_url(resident), data={
        "length": "7", "reason": "Hotfulla kommentarer <script>alert(1)</script>"})
    assert response.status_code == 302
    assert response.location.endswith(BLOCKED_LIST)
    user = fresh_user(resident.id)
    assert user.is_blocked and not user.blocked_indefinitely
    assert timedelta(days=6, hours=23) < user.blocked_until - utcnow() <= timedelta(days=7)
    assert user.block_reason == "Hotfulla kommentarer <script>alert(1)</script>"
    assert user.blocked_by_id == moderator.id

    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor_id) == (
        "user.blocked", "user", str(resident.id), moderator.id)
    assert entry.reason == "Hotfulla kommentarer <script>alert(1)</script>"
    assert entry.details_dict["indefinitely"] is False

    [mail] = outbox(resident.email)
    assert mail.kind == "account_blocked"
    assert "spärrat" in mail.body and "Hotfulla kommentarer" in mail.body

    listing = client.get(BLOCKED_LIST).get_data(as_text=True)
    assert resident.display_name in listing
    assert "&lt;script&gt;alert(1)" in listing and "<script>alert(1)" not in listing


def test_a_block_until_further_notice_and_until_a_chosen_day(login_as, moderator, make):
    first, second = make.user(), make.user()
    client = login_as(moderator)
    assert client.post(block_url(first), data={"length": "indefinite",
                                               "reason": "Spam."}).status_code == 302
    assert fresh_user(first.id).blocked_indefinitely
    assert fresh_user(first.id).blocked_until is None

    day = (utcnow() + timedelta(days=20)).date()
    assert client.post(block_url(second), data={
        "length": "date", "until_date": day.isoformat(), "reason": "Spam."}).status_code == 302
    until = fresh_user(second.id).blocked_until
    assert until == blocks.end_of_day(day)
    assert until.astimezone(blocks.ZoneInfo("Europe/Stockholm")).strftime("%H:%M") == "23:59"


def test_a_moderator_lifts_a_block(login_as, moderator, resident, outbox):
    set_block(resident, by=moderator)
    client = login_as(moderator)
    response = client.post(lift_url(resident))
    assert response.status_code == 302
    user = fresh_user(resident.id)
    assert not user.is_blocked
    assert (user.blocked_until, user.block_reason, user.blocked_by_id) == (None, None, None)
    assert audit_actions() == ["user.unblocked"]
    assert [m.kind for m in outbox(resident.email)] == ["account_unblocked"]

    again = client.post(lift_url(resident), follow_redirects=True)
    assert "inte spärrat" in again.get_data(as_text=True)
    assert audit_actions() == ["user.unblocked"]


def test_sending_the_same_block_twice_records_it_once(login_as, moderator, resident, outbox):
    client = login_as(moderator)
    data = {"length": "30", "reason": "Trakasserier."}
    assert client.post(block_url(resident), data=data).status_code == 302
    assert client.post(block_url(resident), data=data).status_code == 302
    assert audit_actions() == ["user.blocked"]
    assert len(outbox(resident.email)) == 1


def test_changing_a_block_is_recorded_again(login_as, moderator, resident):
    client = login_as(moderator)
    client.post(block_url(resident), data={"length": "1", "reason": "Spam."})
    client.post(block_url(resident), data={"length": "indefinite", "reason": "Spam igen."})
    assert audit_actions() == ["user.blocked", "user.blocked"]
    assert fresh_user(resident.id).blocked_indefinitely
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.details_dict["changed"] is True


def test_an_admin_blocks_from_the_user_page_and_may_block_a_moderator(login_as, admin,
                                                                      moderator):
    client = login_as(admin)
    page = client.get(f"/admin/anvandare/{moderator.id}").get_data(as_text=True)
    assert block_url(moderator) in page
    assert client.post(block_url(moderator), data={
        "length": "7", "reason": "Missbrukade rollen."}).status_code == 302
    assert fresh_user(moderator.id).is_blocked
    assert "Spärrad till" in client.get(f"/admin/anvandare/{moderator.id}").get_data(
        as_text=True)


def test_a_moderator_cannot_block_an_admin_or_themselves(login_as, moderator, admin):
    client = login_as(moderator)
    for target in (admin, moderator):
        page = client.get(block_url(target))
        assert page.status_code == 403
        assert "<form method=\"post\" action=\"/moderering/anvandare" not in page.get_data(
            as_text=True)
        response = client.post(block_url(target), data={"length": "7", "reason": "Nej."})
        assert response.status_code == 403
        assert not fresh_user(target.id).is_blocked
    assert audit_actions() == []


def test_a_moderator_cannot_lift_a_block_an_admin_put_on_an_admin(login_as, make, moderator):
    first, second = make.user("admin"), make.user("admin")
    set_block(first, by=second)
    response = login_as(moderator).post(lift_url(first), follow_redirects=True)
    assert "administratör" in response.get_data(as_text=True)
    assert fresh_user(first.id).is_blocked
    listing = login_as(moderator).get(BLOCKED_LIST).get_data(as_text=True)
    assert first.display_name in listing and lift_url(first) not in listing


@pytest.mark.parametrize("role", ["resident", "official"])
def test_residents_and_officials_cannot_block_or_see_the_list(login_as, make, role):
    target = make.user()
    client = login_as(make.user(role))
    assert client.get(block_url(target)).status_code == 403
    assert client.post(block_url(target), data={"length": "7",
                                                "reason": "x"}).status_code == 403
    assert client.post(lift_url(target)).status_code == 403
    assert client.get(BLOCKED_LIST).status_code == 403
    assert not fresh_user(target.id).is_blocked


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"reason": "Spam."}, "length", "Välj hur länge"),
    ({"length": "99", "reason": "Spam."}, "length", "Välj hur länge"),
    ({"length": "7", "reason": "   "}, "reason", "Ange ett skäl"),
    ({"length": "7", "reason": "x" * 2001}, "reason", "högst 2"),
    ({"length": "date", "reason": "Spam."}, "until_date", "Välj den sista dagen"),
    ({"length": "date", "until_date": "2020-01-01", "reason": "Spam."}, "until_date",
     "efter i dag"),
    ({"length": "date", "until_date": "2999-01-01", "reason": "Spam."}, "until_date",
     "tre år"),
    ({"length": "date", "until_date": "i morgon", "reason": "Spam."}, "until_date",
     "2026-03-31"),
])
def test_bad_blocks_are_refused_with_a_clear_error(login_as, moderator, resident, data, field,
                                                   message):
    response = login_as(moderator).post(block_url(resident), data=data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert f'href="#{field}"' in body
    assert not fresh_user(resident.id).is_blocked
    assert audit_actions() == []


@pytest.mark.parametrize("url", ["/moderering/anvandare/999999/sparra",
                                 "/moderering/anvandare/99999999999/sparra",
                                 "/moderering/anvandare/abc/sparra"])
def test_unknown_users_are_404(login_as, moderator, url):
    assert login_as(moderator).get(url).status_code == 404
    assert login_as(moderator).post(url.replace("sparra", "hav-sparr")).status_code == 404


def test_a_deleted_account_cannot_be_blocked(login_as, moderator, resident):
    resident.deleted_at = utcnow()
    db.session.commit()
    assert login_as(moderator).get(block_url(resident)).status_code == 404


# --- what a blocked person can and cannot do -----------------------------------------

@pytest.fixture
def world(make, pf, of, df, resident):
    """A blocked resident with something of their own to act on, and others' things."""
    other = make.user()
    proposal = pf.proposal(other)
    own_proposal = pf.proposal(resident, status="submitted")
    own_comment = pf.comment(proposal, resident)
    organisation = of.organisation(resident)
    meeting = df.meeting(df.dialogue())
    set_block(resident)
    return {"proposal": proposal, "own": own_proposal, "comment": own_comment,
            "organisation": organisation, "meeting": meeting}


WRITES = [
    ("GET", "/forslag/nytt"),
    ("POST", "/forslag/nytt"),
    ("POST", "/forslag/{proposal.reference}/stod"),
    ("POST", "/forslag/{proposal.reference}/ta-tillbaka-stod"),
    ("POST", "/forslag/{proposal.reference}/bevaka"),
    ("POST", "/forslag/{proposal.reference}/sluta-bevaka"),
    ("POST", "/forslag/{proposal.reference}/kommentarer"),
    ("GET", "/forslag/{proposal.reference}/kommentarer/{comment.id}/redigera"),
    ("POST", "/forslag/{proposal.reference}/kommentarer/{comment.id}/ta-bort"),
    ("GET", "/forslag/{own.reference}/redigera"),
    ("POST", "/forslag/{own.reference}/dra-tillbaka"),
    ("GET", "/anmal/forslag/{proposal.id}"),
    ("POST", "/anmal/forslag/{proposal.id}"),
    ("GET", "/dialoger/{meeting.dialogue_id}/moten/{meeting.id}/anmalan"),
    ("POST", "/dialoger/{meeting.dialogue_id}/moten/{meeting.id}/anmalan"),
    ("POST", "/dialoger/{meeting.dialogue_id}/moten/{meeting.id}/avanmalan"),
    ("GET", "/organisationer/ny"),
    ("POST", "/organisationer/ny"),
    ("GET", "/organisationer/{organisation.id}/redigera"),
    ("GET", "/organisationer/{organisation.id}/medlemmar"),
    ("GET", "/inbjudan/x"),
]


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_a_blocked_resident_is_refused_every_write_and_told_why(login_as, resident, world,
                                                               method, url):
    client = login_as(resident)
    url = url.format(**world)
    response = client.get(url) if method == "GET" else client.post(url, data={
        "title": "Ett förslag", "body": "Text " * 10, "reason": "spam"})
    assert response.status_code == 403, url
    body = response.get_data(as_text=True)
    assert "Ditt konto är spärrat" in body
    assert "Upprepade personangrepp." in body


def test_writes_leave_nothing_behind(login_as, resident, world):
    client = login_as(resident)
    proposal = world["proposal"]
    client.post(f"/forslag/{proposal.reference}/stod")
    client.post(f"/forslag/{proposal.reference}/kommentarer", data={"body": "Hej hej hej"})
    client.post("/forslag/nytt", data={"title": "Ett nytt förslag", "body": "x" * 50})
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 2


def test_a_blocked_resident_reads_and_manages_their_account(login_as, resident, world):
    client = login_as(resident)
    page = client.get(f"/forslag/{world['proposal'].reference}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Ditt konto är spärrat till" in body and "Upprepade personangrepp." in body
    assert 'action="/forslag/' + world["proposal"].reference + '/kommentarer' not in body
    assert "/stod\"" not in body and "/anmal/" not in body
    assert "du kan inte göra det här just nu" in body
    for url in ("/", "/forslag", "/konto", "/konto/mina-forslag", "/konto/organisationer",
                "/konto/mina-uppgifter", f"/organisationer/{world['organisation'].id}",
                f"/dialoger/{world['meeting'].dialogue_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Ditt konto är spärrat" in response.get_data(as_text=True), url
    assert client.post("/konto", data={"display_name": "Nytt namn", "home_community": "",
                                       "locale": "sv"}).status_code == 302
    assert fresh_user(resident.id).display_name == "Nytt namn"
    export = json.loads(client.get("/konto/mina-uppgifter.json").get_data(as_text=True))
    assert export["account_block"]["reason"] == "Upprepade personangrepp."
    assert export["account_block"]["until_further_notice"] is False


def test_the_banner_says_until_further_notice(login_as, resident):
    set_block(resident, days=None, reason="Hot mot andra.")
    body = login_as(resident).get("/").get_data(as_text=True)
    assert "Ditt konto är spärrat tills vidare" in body and "Hot mot andra." in body


def test_a_block_ends_by_itself(login_as, resident, world):
    set_block(resident, days=-0.001)
    assert not fresh_user(resident.id).is_blocked
    client = login_as(resident)
    assert "spärrat" not in client.get("/").get_data(as_text=True)
    assert client.post(f"/forslag/{world['proposal'].reference}/stod").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1
    assert fresh_user(resident.id).block_reason  # kept, but no longer in force
    assert resident.id not in {user.id for user in blocks.blocked_users()}


def test_a_blocked_moderator_cannot_moderate(login_as, make, moderator):
    set_block(moderator, by=make.user("admin"))
    client = login_as(moderator)
    for url in ("/moderering", "/moderering/anmalningar", BLOCKED_LIST, "/dialoger/ny"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ditt konto är spärrat" in response.get_data(as_text=True)


def test_a_blocked_admin_keeps_only_public_and_signed_in_permissions(make):
    admin = set_block(make.user("admin"), by=make.user("admin"))
    allowed = {permission for permission in Permission if can(admin, permission)}
    assert allowed == {Permission.PUBLIC, Permission.SIGNED_IN}


def test_refusals_for_other_reasons_do_not_mention_the_block(login_as, resident):
    set_block(resident)
    response = login_as(resident).get("/admin")
    assert response.status_code == 403
    assert "Din roll ger inte tillgång" in response.get_data(as_text=True)


# Routes open to every signed-in person, also while blocked: they manage the
# person's own account, memberships and data. Any other writing route must
# need a permission that a block takes away.
ACCOUNT_MANAGEMENT = {
    "accounts.profile", "accounts.change_email", "accounts.logout",
    "accounts.change_password", "accounts.delete_account", "accounts.resend_verification",
    "organisations.leave", "organisations.visibility", "groups.leave", "groups.visibility",
    # Reading one's notifications and choosing what to be told about.
    "accounts.mark_notification_read", "accounts.mark_all_notifications_read",
    "accounts.notification_settings",
}


def test_every_write_open_while_blocked_is_account_management(app):
    open_writes = {
        rule.endpoint for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and declared_permission(
            app.view_functions[rule.endpoint]) == Permission.SIGNED_IN}
    assert open_writes == ACCOUNT_MANAGEMENT


def test_the_blocked_list_has_a_query_budget(login_as, make, moderator, count_queries):
    client = login_as(moderator)
    counts = []
    for size in (2, 20):
        for _ in range(size):
            set_block(make.user(commit=False), by=make.user("moderator", commit=False))
        client.get(BLOCKED_LIST)
        with count_queries() as counter:
            response = client.get(BLOCKED_LIST)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
