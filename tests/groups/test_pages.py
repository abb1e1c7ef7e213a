"""The public group pages, and what moderators do with groups: create, edit,
archive and restore, with bad input refused and every change in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db
from app.groups.models import GroupInvitation, LocalGroup
from tests.organisations.helpers import assert_safe, reload, text_of

NEW = "/utvecklingsgrupper/ny"


def form(place, **overrides) -> dict:
    data = {"community": str(place.id), "name": "Norrby utvecklingsgrupp",
            "purpose": "Vi arbetar för en levande bygd.",
            "contact_text": "Vi ses i bygdegården.", "contact_email": "grupp@example.org"}
    data.update(overrides)
    return data


# --- public pages ----------------------------------------------------------------

def test_the_list_shows_active_groups_per_community(client, make, gf):
    norrby = make.community("Norrby", slug="norrby")
    strand = make.community("Strand", slug="strand")
    first = gf.group(name="Norrbygruppen", community=norrby)
    gf.group(name="Strandgruppen", community=strand)
    gf.group(name="Gamla gruppen", community=norrby, archived=True)
    gf.member(first)

    page = text_of(client.get("/utvecklingsgrupper").get_data(as_text=True))

    assert page.index("Norrbygruppen") < page.index("Strandgruppen")
    assert "Gamla gruppen" not in page
    assert "1 person" in page
    community_list = client.get("/lokalsamhallen/norrby/utvecklingsgrupper")
    assert community_list.status_code == 200
    assert "Norrbygruppen" in community_list.get_data(as_text=True)
    assert "Strandgruppen" not in community_list.get_data(as_text=True)
    assert client.get("/lokalsamhallen/finns-inte/utvecklingsgrupper").status_code == 404


def test_moderators_also_see_archived_groups_in_the_list(login_as, make, gf, moderator):
    gf.group(name="Gamla gruppen", archived=True)
    page = login_as(moderator).get("/utvecklingsgrupper").get_data(as_text=True)
    assert "Gamla gruppen" in page and "Arkiverad" in page
    assert NEW in page


def test_the_group_page_shows_purpose_contact_and_members(client, make, of, gf):
    norrby = make.community("Norrby", slug="norrby")
    chair = make.user(display_name="Ada Ordförande")
    group = gf.group(chair, name="Norrbygruppen", community=norrby,
                     contact_email="grupp@example.org")
    gf.member(group, make.user(display_name="Sara Synlig"), shown_publicly=True)
    gf.member(group, make.user(display_name="Hugo Hemlig"))
    gf.organisation_member(group, of.organisation(name="Norrby IF"))
    gf.organisation_member(group, of.organisation(name="Tillfrågad förening"), accepted=False)

    response = client.get(f"/utvecklingsgrupper/{group.id}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_safe(html)
    assert "<strong>bygden</strong>" in html
    text = text_of(html)
    assert "Ada Ordförande (Administratör)" in text and "Sara Synlig" in text
    assert "Hugo Hemlig" not in text and "1 person till" in text
    assert "Norrby IF" in text and "Tillfrågad förening" not in text
    assert "mailto:grupp@example.org" in html
    assert chair.email not in html
    assert "/lokalsamhallen/norrby" in html


@pytest.mark.parametrize("url", ["/utvecklingsgrupper/999999", "/utvecklingsgrupper/0",
                                 "/utvecklingsgrupper/99999999999999999999"])
def test_unknown_groups_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_archived_group_keeps_its_page(client, gf):
    group = gf.group(name="Gamla gruppen", archived=True)
    page = client.get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert "Gamla gruppen" in page and "Arkiverad" in page


def test_the_community_page_shows_its_groups(client, make, gf):
    norrby = make.community("Norrby", slug="norrby")
    gf.group(name="Norrbygruppen", community=norrby)
    gf.group(name="Annan grupp")

    page = client.get("/lokalsamhallen/norrby").get_data(as_text=True)

    assert "Norrbygruppen" in page and "Annan grupp" not in page
    assert "community-groups-heading" in page
    assert "/utvecklingsgrupper" in client.get("/lokalsamhallen").get_data(as_text=True)


# --- moderators create, edit, archive -----------------------------------------------

def test_a_moderator_creates_a_group_and_invites_its_first_administrator(
        login_as, make, moderator, outbox, audit_entries):
    norrby = make.community("Norrby")
    client = login_as(moderator)
    assert client.get(NEW).status_code == 200

    response = client.post(NEW, data=form(norrby, first_admin_email="Ny.Admin@Example.org"))

    [group] = db.session.scalars(select(LocalGroup)).all()
    assert response.status_code == 302
    assert response.location.endswith(f"/utvecklingsgrupper/{group.id}")
    assert (group.name, group.community_id, group.contact_email, group.created_by_id) == (
        "Norrby utvecklingsgrupp", norrby.id, "grupp@example.org", moderator.id)
    [invitation] = db.session.scalars(select(GroupInvitation)).all()
    assert (invitation.email, invitation.role) == ("ny.admin@example.org", "admin")
    [mail] = outbox("ny.admin@example.org")
    assert mail.kind == "group_invitation" and "Norrby" in mail.body
    assert [a[0] for a in audit_entries()] == ["group.created", "group.member_invited"]
    assert all(a[1:] == ("group", str(group.id), moderator.id) for a in audit_entries())
    # The log never holds the address: its entries cannot be erased.
    assert not any("ny.admin" in (e.details or "") for e in db.session.scalars(
        select(AuditEntry)))


@pytest.mark.parametrize("field, value, message", [
    ("name", "   ", "Skriv gruppens namn."),
    ("name", "x" * 121, "högst 120 tecken"),
    ("purpose", "", "Beskriv gruppens syfte"),
    ("purpose", "x" * 4001, "högst 4 000 tecken"),
    ("contact_text", "x" * 2001, "högst 2 000 tecken"),
    ("contact_email", "inte en adress", "namn@exempel.se"),
    ("first_admin_email", "@", "namn@exempel.se"),
    ("community", "", "Välj ett lokalsamhälle."),
    ("community", "999999", "Välj ett av lokalsamhällena i listan."),
    ("community", "abc", "Välj ett av lokalsamhällena i listan."),
    ("community", "99999999999999999999", "Välj ett av lokalsamhällena i listan."),
])
def test_bad_input_is_refused_with_a_clear_message(login_as, make, moderator, rows, field,
                                                   value, message):
    norrby = make.community("Norrby")
    response = login_as(moderator).post(NEW, data=form(norrby, **{field: value}))
    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))
    assert rows(LocalGroup) == 0 and rows(GroupInvitation) == 0


def test_an_archived_community_cannot_get_a_new_group(login_as, make, moderator, rows):
    old = make.community("Gamla byn", archived=True)
    response = login_as(moderator).post(NEW, data=form(old))
    assert response.status_code == 400 and rows(LocalGroup) == 0


def test_hostile_html_is_kept_as_text_and_never_runs(login_as, client, make, moderator):
    norrby = make.community("Norrby")
    login_as(moderator).post(NEW, data=form(
        norrby, name="<script>alert(1)</script>Gruppen",
        purpose="<img src=x onerror=alert(1)> **Fet**", contact_text="<b>fet</b>"))
    group = db.session.scalars(select(LocalGroup)).one()
    html = client.get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert_safe(html)
    assert "<strong>Fet</strong>" in html


def test_a_moderator_edits_and_moves_a_group(login_as, make, gf, moderator, audit_entries):
    norrby = make.community("Norrby")
    strand = make.community("Strand")
    group = gf.group(community=norrby)
    client = login_as(moderator)
    assert 'name="community"' in client.get(f"/utvecklingsgrupper/{group.id}/redigera") \
        .get_data(as_text=True)

    response = client.post(f"/utvecklingsgrupper/{group.id}/redigera",
                           data=form(strand, name="Strandgruppen", contact_email=""))

    assert response.status_code == 302
    group = reload(group)
    assert (group.name, group.community_id, group.contact_email) == (
        "Strandgruppen", strand.id, None)
    [entry] = audit_entries()
    assert entry[0] == "group.updated"
    details = db.session.scalars(select(AuditEntry)).one().details_dict
    assert set(details["fields"]) == {"name", "community_id", "purpose", "contact_text"}


def test_a_group_administrator_edits_the_details_but_not_the_community(
        login_as, make, gf, resident, audit_entries):
    norrby = make.community("Norrby")
    strand = make.community("Strand")
    group = gf.group(resident, community=norrby)
    client = login_as(resident)
    page = client.get(f"/utvecklingsgrupper/{group.id}/redigera").get_data(as_text=True)
    assert 'name="community"' not in page

    response = client.post(f"/utvecklingsgrupper/{group.id}/redigera",
                           data=form(strand, name="Nytt namn"))

    assert response.status_code == 302
    group = reload(group)
    assert (group.name, group.community_id) == ("Nytt namn", norrby.id)
    assert [a[0] for a in audit_entries()] == ["group.updated"]


def test_saving_unchanged_details_writes_no_audit_entry(login_as, make, gf, moderator,
                                                       audit_entries):
    norrby = make.community("Norrby")
    group = gf.group(community=norrby)
    login_as(moderator).post(f"/utvecklingsgrupper/{group.id}/redigera", data=form(
        norrby, name=group.name, purpose=group.purpose, contact_text=group.contact_text,
        contact_email=""))
    assert audit_entries() == []


@pytest.mark.parametrize("role", ["resident", "official"])
def test_people_who_do_not_run_the_group_cannot_edit_or_create(login_as, make, gf, role, rows):
    group = gf.group(make.user())
    client = login_as(make.user(role))
    assert client.get(f"/utvecklingsgrupper/{group.id}/redigera").status_code == 403
    assert client.post(f"/utvecklingsgrupper/{group.id}/redigera",
                       data=form(make.community())).status_code == 403
    assert client.post(NEW, data=form(make.community())).status_code == 403
    assert rows(LocalGroup) == 1


def test_a_plain_member_cannot_edit(login_as, make, gf, resident):
    group = gf.group(make.user())
    gf.member(group, resident)
    assert login_as(resident).get(f"/utvecklingsgrupper/{group.id}/redigera").status_code == 403


def test_a_moderator_archives_and_restores(login_as, gf, moderator, audit_entries):
    group = gf.group()
    client = login_as(moderator)

    assert client.post(f"/utvecklingsgrupper/{group.id}/arkivera").status_code == 302
    assert reload(group).is_archived
    client.post(f"/utvecklingsgrupper/{group.id}/arkivera")  # twice: one entry
    assert client.post(f"/utvecklingsgrupper/{group.id}/aterstall").status_code == 302
    assert not reload(group).is_archived
    assert [a[0] for a in audit_entries()] == ["group.archived", "group.restored"]


def test_a_group_administrator_cannot_archive(login_as, gf, resident):
    group = gf.group(resident)
    assert login_as(resident).post(f"/utvecklingsgrupper/{group.id}/arkivera").status_code == 403
    assert not reload(group).is_archived


def test_a_blocked_moderator_is_refused(login_as, gf, moderator):
    from tests.moderation.test_blocks import set_block

    group = gf.group()
    set_block(moderator)
    response = login_as(moderator).post(f"/utvecklingsgrupper/{group.id}/arkivera")
    assert response.status_code == 403
    assert not reload(group).is_archived


def test_my_groups_lists_the_persons_groups(login_as, make, gf, resident):
    mine = gf.group(resident, name="Min grupp")
    gf.group(name="Inte min grupp")
    page = login_as(resident).get("/konto/utvecklingsgrupper").get_data(as_text=True)
    assert "Min grupp" in page and "Inte min grupp" not in page
    assert f"/utvecklingsgrupper/{mine.id}" in page
    assert "/konto/utvecklingsgrupper" in login_as(resident).get("/konto").get_data(as_text=True)
