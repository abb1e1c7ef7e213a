"""The administrators' verification queue, and who sees an unverified organisation."""

from __future__ import annotations

import pytest

from app.core.permissions import Role
from app.organisations.models import VerificationStatus
from tests.organisations.helpers import reload, shown

V = VerificationStatus


def test_the_queue_lists_unverified_organisations_with_their_numbers(client, of, login_as,
                                                                      admin):
    waiting = of.organisation(name="Väntande AB", status=V.UNVERIFIED,
                              org_number="556036-0793")
    of.organisation(name="Redan klar", status=V.VERIFIED, org_number="802002-8711")
    of.organisation(name="Avslagen", status=V.REFUSED)

    response = login_as(admin).get("/admin/organisationer")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert shown(waiting.name) in html and "556036-0793" in html
    assert "Redan klar" not in html and "802002-8711" not in html
    assert "Avslagen" not in html


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.OFFICIAL])
def test_only_administrators_reach_the_queue(client, of, make, login_as, outbox, role):
    waiting = of.organisation(status=V.UNVERIFIED)
    client = login_as(make.user(role))
    assert client.get("/admin/organisationer").status_code == 403
    assert client.post(f"/admin/organisationer/{waiting.id}/verifiera").status_code == 403
    assert client.post(f"/admin/organisationer/{waiting.id}/avsla",
                       data={"reason": "Nej"}).status_code == 403
    assert reload(waiting).status == V.UNVERIFIED
    assert outbox() == []


def test_an_organisations_own_administrator_cannot_verify_it(client, of, login_as, resident):
    waiting = of.organisation(resident, status=V.UNVERIFIED)
    client = login_as(resident)
    assert client.post(f"/admin/organisationer/{waiting.id}/verifiera").status_code == 403
    assert reload(waiting).status == V.UNVERIFIED


def test_anonymous_visitors_are_sent_to_sign_in(client, of):
    waiting = of.organisation(status=V.UNVERIFIED)
    assert client.get("/admin/organisationer").status_code == 302
    assert client.post(f"/admin/organisationer/{waiting.id}/verifiera").status_code == 302
    assert reload(waiting).status == V.UNVERIFIED


def test_verifying_records_who_and_when_and_mails_the_organisations_admins(
        client, of, make, login_as, admin, outbox):
    first_admin = make.user(email="ordf@example.org")
    waiting = of.organisation(first_admin, status=V.UNVERIFIED)
    of.member(waiting, make.user(email="kassor@example.org"), role="admin")
    of.member(waiting, make.user(email="medlem@example.org"))

    response = login_as(admin).post(f"/admin/organisationer/{waiting.id}/verifiera")

    assert response.status_code == 302
    verified = reload(waiting)
    assert verified.status == V.VERIFIED
    assert verified.reviewed_by_id == admin.id
    assert verified.reviewed_at is not None
    assert sorted(m.recipient for m in outbox()) == ["kassor@example.org", "ordf@example.org"]
    assert all(f"/organisationer/{waiting.id}" in m.body for m in outbox())
    # Verified organisations leave the queue and become public.
    queue = client.get("/admin/organisationer").get_data(as_text=True)
    assert f"/admin/organisationer/{waiting.id}/verifiera" not in queue
    assert client.get(f"/organisationer/{waiting.id}").status_code == 200


def test_refusing_needs_a_reason_which_the_admins_receive(client, of, make, login_as, admin,
                                                          outbox):
    owner = make.user(email="agare@example.org")
    waiting = of.organisation(owner, status=V.UNVERIFIED)
    client = login_as(admin)

    for blank in ["", "   "]:
        response = client.post(f"/admin/organisationer/{waiting.id}/avsla",
                               data={"reason": blank})
        assert response.status_code == 400
    response = client.post(f"/admin/organisationer/{waiting.id}/avsla",
                           data={"reason": "x" * 2001})
    assert response.status_code == 400
    assert reload(waiting).status == V.UNVERIFIED
    assert outbox() == []

    reason = "Vi hittar inte föreningen <b>fet</b> i registret."
    response = client.post(f"/admin/organisationer/{waiting.id}/avsla", data={"reason": reason})

    assert response.status_code == 302
    refused = reload(waiting)
    assert refused.status == V.REFUSED
    assert refused.status_reason == reason
    assert refused.reviewed_by_id == admin.id and refused.reviewed_at is not None
    [mail] = outbox()
    assert mail.recipient == "agare@example.org"
    # The administrators see the reason on the page, escaped; the public does not.
    html = login_as(owner).get(f"/organisationer/{waiting.id}").get_data(as_text=True)
    assert shown(reason) in html
    assert "<b>fet</b>" not in html


def test_unknown_organisations_are_404_in_the_queue(client, login_as, admin):
    client = login_as(admin)
    assert client.post("/admin/organisationer/999999/verifiera").status_code == 404
    assert client.post("/admin/organisationer/999999/avsla",
                       data={"reason": "Nej"}).status_code == 404
    assert client.post("/admin/organisationer/99999999999999999999999/verifiera"
                       ).status_code == 404


@pytest.mark.parametrize("status", [V.UNVERIFIED, V.REFUSED])
def test_organisations_not_verified_are_hidden_from_the_public(app, client, of, make, login_as,
                                                               admin, status):
    owner = make.user()
    organisation = of.organisation(owner, status=status)
    member = make.user()
    of.member(organisation, member)
    url = f"/organisationer/{organisation.id}"

    assert client.get(url).status_code == 404
    assert login_as(make.user()).get(url).status_code == 404
    assert login_as(make.user(Role.MODERATOR)).get(url).status_code == 404
    for viewer in (owner, member, admin):
        assert login_as(viewer).get(url).status_code == 200
    visitor = app.test_client()
    assert shown(organisation.name) not in visitor.get("/organisationer").get_data(as_text=True)


def test_unverified_organisations_are_not_in_the_directories(client, of, make):
    place = make.community()
    hidden = of.organisation(status=V.UNVERIFIED, communities=[place])
    listed = of.organisation(status=V.VERIFIED, communities=[place])
    for url in ("/organisationer", f"/lokalsamhallen/{place.slug}/aktorer",
                f"/lokalsamhallen/{place.slug}"):
        html = client.get(url).get_data(as_text=True)
        assert shown(listed.name) in html, url
        assert shown(hidden.name) not in html, url
