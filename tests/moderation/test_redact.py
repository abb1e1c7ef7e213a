"""Redacting a passage from a proposal, a comment or an organisation profile:
the passage is gone from everywhere it was stored and a visible mark stands
in its place; the audit log says why, never what."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from app.core.audit import AuditEntry
from app.core.mail import OutboxMessage
from app.core.notifications import Notification
from app.core.text import render_user_text
from app.extensions import db
from app.moderation.models import Report
from app.organisations.models import Organisation
from app.proposals.models import Comment, Proposal, ProposalHistory, ProposalStatus

MARK = "[redigerat av moderator]"
PHONE = "070-123 45 67"
NAME = "Zlatanovicsson"


def redact_url(kind: str, item_id: int) -> str:
    return f"/moderering/{kind}/{item_id}/redigera"


def fresh(model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id)


def audit_rows() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def everything_stored() -> str:
    """Every text column of every row the redaction may touch, and the audit log."""
    db.session.expire_all()
    parts = []
    for model in (Proposal, Comment, Organisation, ProposalHistory, Report, AuditEntry):
        for row in db.session.scalars(select(model)):
            parts.extend(str(value) for value in row.__dict__.values()
                         if isinstance(value, str))
    return "\n".join(parts)


def search_index_bytes() -> bytes:
    """The SQLite FTS5 index as stored (its segments as well as its content)."""
    if db.engine.dialect.name != "sqlite":
        return b""
    rows = db.session.execute(text("SELECT block FROM proposal_fts_data")).all()
    content = db.session.execute(text("SELECT c0 FROM proposal_fts_content")).all()
    return b"".join(bytes(row[0] or b"") for row in rows) + "".join(
        str(row[0]) for row in content).encode()


def search_finds(client, query: str) -> bool:
    return "/forslag/F-" in client.get(f"/forslag?q={query}").get_data(as_text=True)


# --- happy paths ---------------------------------------------------------------------

def test_a_moderator_redacts_a_phone_number_from_a_proposal(login_as, make, pf, moderator,
                                                           outbox):
    author = make.user()
    proposal = pf.proposal(author, title=f"Parkering hos {NAME}",
                           body=f"Ring {NAME} på **{PHONE}** om parkeringen.\r\nTack!")
    client = login_as(moderator)
    assert search_finds(client, NAME)

    page = client.get(redact_url("forslag", proposal.id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ta bort ett stycke" in html and f"**{PHONE}**" in html

    response = client.post(redact_url("forslag", proposal.id),
                           data={"passage": PHONE, "reason": "Telefonnummer till en person."})
    assert response.status_code == 302
    assert response.location.endswith(f"/forslag/{proposal.reference}")
    stored = fresh(Proposal, proposal.id)
    assert stored.body == f"Ring {NAME} på **{MARK}** om parkeringen.\r\nTack!"
    assert stored.title == f"Parkering hos {NAME}"

    [entry] = audit_rows()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor_id) == (
        "proposal.redacted", "proposal", proposal.reference, moderator.id)
    assert entry.reason == "Telefonnummer till en person."
    assert entry.details_dict == {"fields": ["body"], "occurrences": 1}
    assert PHONE not in everything_stored()

    [mail] = outbox(author.email)
    assert mail.kind == "content_redacted"
    assert "Telefonnummer till en person." in mail.body and MARK in mail.body
    assert PHONE not in mail.body and PHONE not in mail.subject
    assert mail.unsubscribe_url  # news about one's own content, as when it is hidden
    [notice] = db.session.scalars(select(Notification).where(
        Notification.user_id == author.id)).all()
    assert notice.kind == "content_redacted" and PHONE not in notice.title

    shown = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert f"<strong>{MARK}</strong>" in shown and PHONE not in shown


def test_every_occurrence_in_title_and_body_goes_and_search_forgets_it(login_as, make, pf,
                                                                      moderator):
    proposal = pf.proposal(make.user(), title=f"Granne {NAME} bullrar",
                           body=f"{NAME} spelar hög musik. Fråga {NAME} själv.")
    other = pf.proposal(make.user(), title="Bullrande grannar", body="Musik på natten.")
    client = login_as(moderator)
    assert search_finds(client, NAME)
    assert NAME.lower().encode() in search_index_bytes() or db.engine.dialect.name != "sqlite"

    response = client.post(redact_url("forslag", proposal.id),
                           data={"passage": NAME, "reason": "Namn på en privatperson."})
    assert response.status_code == 302
    stored = fresh(Proposal, proposal.id)
    assert stored.title == f"Granne {MARK} bullrar"
    assert stored.body == f"{MARK} spelar hög musik. Fråga {MARK} själv."
    assert audit_rows()[0].details_dict == {"fields": ["body", "title"], "occurrences": 3}
    assert NAME not in everything_stored()
    assert NAME.lower().encode() not in search_index_bytes()
    assert not search_finds(client, NAME)
    # The rest of the text is still found, and so are other proposals.
    found = client.get("/forslag?q=musik").get_data(as_text=True)
    assert proposal.reference in found and other.reference in found
    assert fresh(Proposal, proposal.id).comment_count == 0


def test_texts_written_about_the_item_are_cleaned_too(login_as, make, pf, moderator):
    proposal = pf.proposal(make.user(), body=f"Kontakta {PHONE}.", status=ProposalStatus.HIDDEN)
    proposal.moderation_reason = f"Innehöll {PHONE}."
    db.session.add(ProposalHistory(proposal_id=proposal.id, actor_id=moderator.id,
                                   from_status="published", to_status="hidden",
                                   reason=f"Innehöll {PHONE}."))
    db.session.add(Report(target_type="proposal", target_id=proposal.id,
                          reporter_id=make.user().id, reason="personal_data",
                          text=f"Numret {PHONE} är mitt!"))
    db.session.commit()
    client = login_as(moderator)
    assert client.post(redact_url("forslag", proposal.id),
                       data={"passage": PHONE, "reason": "Personuppgift."}).status_code == 302
    assert PHONE not in everything_stored()
    assert fresh(Proposal, proposal.id).moderation_reason == f"Innehöll {MARK}."
    assert db.session.scalars(select(Report.text)).one() == f"Numret {MARK} är mitt!"


def test_a_comment_with_hostile_html_is_redacted_and_renders_safely(login_as, make, pf,
                                                                   moderator, outbox):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    author = make.user()
    proposal = pf.proposal(make.user())
    comment = pf.comment(proposal, author, body=f"Hej {hostile} och hej då")
    client = login_as(moderator)
    page = client.get(redact_url("kommentar", comment.id)).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page

    response = client.post(redact_url("kommentar", comment.id),
                           data={"passage": hostile, "reason": "Skadlig kod."})
    assert response.status_code == 302
    assert fresh(Comment, comment.id).body == f"Hej {MARK} och hej då"
    assert [row.action for row in audit_rows()] == ["comment.redacted"]
    assert [mail.kind for mail in outbox(author.email)] == ["content_redacted"]
    shown = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert f"Hej {MARK} och hej då" in shown


def test_an_organisation_profile_is_redacted_in_name_and_texts(login_as, make, of, moderator,
                                                               outbox):
    admin, member = make.user(), make.user()
    organisation = of.organisation(admin, name=f"Föreningen {NAME}")
    of.member(organisation, member)
    organisation.description = f"Ordförande är {NAME}."
    organisation.role_text = f"Vi hjälper {NAME}."
    db.session.commit()
    client = login_as(moderator)
    response = client.post(redact_url("organisation", organisation.id),
                           data={"passage": NAME, "reason": "Personnamn."})
    assert response.status_code == 302
    stored = fresh(Organisation, organisation.id)
    assert (stored.name, stored.description, stored.role_text) == (
        f"Föreningen {MARK}", f"Ordförande är {MARK}.", f"Vi hjälper {MARK}.")
    assert NAME not in everything_stored()
    assert {m.recipient for m in outbox()} == {admin.email, member.email}


def test_a_passage_over_several_lines_is_found_whatever_the_line_breaks(login_as, make, pf,
                                                                       moderator):
    proposal = pf.proposal(make.user(), body="Första raden.\r\nAndra raden.\r\nTredje raden.")
    client = login_as(moderator)
    response = client.post(redact_url("forslag", proposal.id), data={
        "passage": "Första raden.\nAndra raden.", "reason": "Personuppgifter."})
    assert response.status_code == 302
    assert fresh(Proposal, proposal.id).body == f"{MARK}\r\nTredje raden."


def test_the_mark_renders_as_plain_text():
    assert str(render_user_text(f"Ring {MARK} i dag")).strip() == f"<p>Ring {MARK} i dag</p>"
    assert MARK in str(render_user_text(f"[länk {MARK}](https://example.org)"))


def test_moderators_find_the_tool_on_the_items_and_in_the_queue(login_as, make, pf, of,
                                                               moderator, resident):
    proposal = pf.proposal(make.user())
    comment = pf.comment(proposal, make.user())
    organisation = of.organisation(make.user())
    db.session.add(Report(target_type="comment", target_id=comment.id,
                          reporter_id=resident.id, reason="personal_data", text=""))
    db.session.commit()
    client = login_as(moderator)
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert redact_url("forslag", proposal.id) in page
    assert redact_url("kommentar", comment.id) in page
    assert redact_url("organisation", organisation.id) in client.get(
        f"/organisationer/{organisation.id}").get_data(as_text=True)
    queue = client.get("/moderering/anmalningar").get_data(as_text=True)
    assert redact_url("kommentar", comment.id) in queue
    assert f"/moderering/anvandare/{comment.author_id}/sparra" in queue

    as_resident = login_as(resident).get(f"/forslag/{proposal.reference}").get_data(
        as_text=True)
    assert "/redigera\"" not in as_resident.replace(f"{proposal.reference}/redigera", "")


# --- boundaries and bad input ----------------------------------------------------------

@pytest.mark.parametrize("role", ["resident", "official"])
def test_residents_and_officials_cannot_redact(login_as, make, pf, role):
    proposal = pf.proposal(make.user(), body=f"Ring {PHONE}")
    client = login_as(make.user(role))
    assert client.get(redact_url("forslag", proposal.id)).status_code == 403
    assert client.post(redact_url("forslag", proposal.id),
                       data={"passage": PHONE, "reason": "x"}).status_code == 403
    assert fresh(Proposal, proposal.id).body == f"Ring {PHONE}"


def test_anonymous_visitors_are_sent_to_sign_in(client, make, pf):
    proposal = pf.proposal(make.user())
    response = client.get(redact_url("forslag", proposal.id))
    assert response.status_code == 302 and "/konto/logga-in" in response.location


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"passage": "0701111111", "reason": "Nummer."}, "passage", "innehåller inte det stycket"),
    ({"passage": "  ", "reason": "Nummer."}, "passage", "Klistra in stycket"),
    ({"passage": "Ri", "reason": "Nummer."}, "passage", "minst 3 tecken"),
    ({"passage": "x" * 2001, "reason": "Nummer."}, "passage", "högst 2"),
    ({"passage": PHONE, "reason": ""}, "reason", "Skriv en motivering"),
    ({"passage": PHONE, "reason": "x" * 2001}, "reason", "högst 2"),
    ({"passage": "redigerat av", "reason": "Nummer."}, "passage", "tidigare borttagning"),
    ({"passage": "<script>", "reason": "Nummer."}, "passage", "innehåller inte det stycket"),
])
def test_bad_redactions_are_refused_and_change_nothing(login_as, make, pf, moderator, outbox,
                                                      data, field, message):
    author = make.user()
    proposal = pf.proposal(author, title="Ring mig", body=f"Ring {PHONE} eller {MARK}.")
    response = login_as(moderator).post(redact_url("forslag", proposal.id), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert f'href="#{field}"' in html
    assert fresh(Proposal, proposal.id).body == f"Ring {PHONE} eller {MARK}."
    assert audit_rows() == []
    assert outbox(author.email) == []


def test_a_title_that_would_grow_too_long_is_refused(login_as, make, pf, moderator):
    title = "Å" * 115 + "Kalle"
    proposal = pf.proposal(make.user(), title=title)
    response = login_as(moderator).post(redact_url("forslag", proposal.id),
                                        data={"passage": "Kalle", "reason": "Namn."})
    assert response.status_code == 400
    assert "längre än 120 tecken" in response.get_data(as_text=True)
    assert fresh(Proposal, proposal.id).title == title


def test_sending_the_same_redaction_twice_changes_it_once(login_as, make, pf, moderator,
                                                         outbox):
    author = make.user()
    proposal = pf.proposal(author, body=f"Ring {PHONE}.")
    client = login_as(moderator)
    data = {"passage": PHONE, "reason": "Telefonnummer."}
    assert client.post(redact_url("forslag", proposal.id), data=data).status_code == 302
    again = client.post(redact_url("forslag", proposal.id), data=data)
    assert again.status_code == 400
    assert "innehåller inte det stycket" in again.get_data(as_text=True)
    assert fresh(Proposal, proposal.id).body == f"Ring {MARK}."
    assert len(audit_rows()) == 1 and len(outbox(author.email)) == 1


def test_a_deleted_comment_cannot_be_redacted(login_as, make, pf, moderator):
    comment = pf.comment(pf.proposal(make.user()), make.user(), body=f"Ring {PHONE}")
    comment.deleted_at = comment.created_at
    db.session.commit()
    response = login_as(moderator).post(redact_url("kommentar", comment.id),
                                        data={"passage": PHONE, "reason": "Nummer."})
    assert response.status_code == 400
    assert "Kommentaren är borttagen" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/moderering/forslag/999999/redigera",
                                 "/moderering/kommentar/0/redigera",
                                 "/moderering/organisation/99999999999/redigera",
                                 "/moderering/tema/1/redigera",
                                 "/moderering/forslag/abc/redigera"])
def test_unknown_items_are_404(login_as, moderator, url):
    client = login_as(moderator)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"passage": PHONE, "reason": "x"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
