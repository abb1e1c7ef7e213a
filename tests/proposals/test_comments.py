"""Comments: where they are allowed, replies, paging, editing and deleting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Comment, ProposalStatus
from tests.proposals.helpers import assert_safe, key, reload

S = ProposalStatus


def _comments() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


def _post(client, proposal, body="Bra förslag!", **extra):
    return client.post(f"/forslag/{proposal.reference}/kommentarer",
                       data={"body": body, "submission_key": key(), **extra})


def test_a_comment_is_stored_counted_and_shown_safely(client, pf, login_as, resident):
    proposal = pf.proposal()
    response = _post(login_as(resident), proposal, body="Ja **tack** <script>x</script>")

    assert response.status_code == 302
    comment = db.session.scalars(select(Comment)).one()
    assert (comment.author_id, comment.parent_id) == (resident.id, None)
    assert reload(proposal).comment_count == 1
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Ja <strong>tack</strong>" in html
    assert_safe(html)


@pytest.mark.parametrize("status, code", [(S.SUBMITTED, 404), (S.HIDDEN, 404),
                                          (S.WITHDRAWN, 400)])
def test_comments_are_closed_on_proposals_that_are_not_open(client, pf, login_as, resident,
                                                            status, code):
    proposal = pf.proposal(status=status)
    assert _post(login_as(resident), proposal).status_code == code
    assert _comments() == 0


def test_the_author_cannot_comment_on_their_waiting_proposal(client, pf, login_as, resident):
    proposal = pf.proposal(resident, status=S.SUBMITTED)
    assert _post(login_as(resident), proposal).status_code == 400
    assert _comments() == 0


@pytest.mark.parametrize("status", [S.PUBLISHED, S.UNDER_CONSIDERATION, S.ANSWERED,
                                    S.IMPLEMENTED])
def test_comments_are_open_on_public_proposals(client, pf, login_as, resident, status):
    proposal = pf.proposal(status=status)
    assert _post(login_as(resident), proposal).status_code == 302
    assert _comments() == 1


def test_anonymous_visitors_cannot_comment(client, pf):
    assert _post(client, pf.proposal()).status_code == 302
    assert _comments() == 0


def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(client, pf, login_as, resident):
    proposal = pf.proposal()
    top = pf.comment(proposal)
    reply = pf.comment(proposal, parent=top)

    response = _post(login_as(resident), proposal, body="Svar på svar",
                     parent_id=str(reply.id))

    assert response.status_code == 302
    newest = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert newest.parent_id == top.id
    assert reload(proposal).comment_count == 3


def test_replying_to_another_proposals_comment_is_404(client, pf, login_as, resident):
    proposal = pf.proposal()
    elsewhere = pf.comment(pf.proposal())
    response = _post(login_as(resident), proposal, parent_id=str(elsewhere.id))
    assert response.status_code == 404
    assert _comments() == 1
    assert reload(proposal).comment_count == 0


@pytest.mark.parametrize("extra", [
    {"parent_id": "999999999"}, {"parent_id": "999999999999"}, {"parent_id": "abc"},
    {"parent_id": "-1"}, {"parent_id": "1" * 13},
    {"submission_key": "kort"}, {"submission_key": "<script>alert(1)</script>aaaaaaaa"},
    {"submission_key": ""}, {"body": ""}, {"body": "   \n"}, {"body": "x" * 2001},
    {"body": "Ring 070-123 45 67"}, {"body": "Mitt nummer 811228-9874"},
])
def test_bad_comment_input_is_refused_and_nothing_is_written(client, pf, login_as, resident,
                                                             extra):
    proposal = pf.proposal()
    data = {"body": "Bra förslag!", "submission_key": key(), **extra}
    response = login_as(resident).post(f"/forslag/{proposal.reference}/kommentarer", data=data)
    assert response.status_code in (400, 404)
    assert_safe(response.get_data(as_text=True))
    assert _comments() == 0
    assert reload(proposal).comment_count == 0


def test_the_same_comment_form_sent_twice_creates_one_comment(client, pf, login_as, resident):
    proposal = pf.proposal()
    data = {"body": "Bra förslag!", "submission_key": key()}
    client = login_as(resident)
    client.post(f"/forslag/{proposal.reference}/kommentarer", data=data)
    client.post(f"/forslag/{proposal.reference}/kommentarer", data=data)
    assert _comments() == 1
    assert reload(proposal).comment_count == 1


def test_someone_elses_comment_key_is_refused_without_an_error(client, make, pf, login_as,
                                                               resident):
    proposal = pf.proposal()
    data = {"body": "Bra förslag!", "submission_key": key()}
    login_as(resident).post(f"/forslag/{proposal.reference}/kommentarer", data=data)
    response = login_as(make.user()).post(f"/forslag/{proposal.reference}/kommentarer",
                                          data={**data, "body": "Annat"})
    assert response.status_code == 400
    assert _comments() == 1
    assert reload(proposal).comment_count == 1


def test_twenty_top_level_comments_a_page_with_their_replies(client, pf):
    proposal = pf.proposal()
    tops = [pf.comment(proposal, body=f"Kommentar nummer {n:02d}") for n in range(23)]
    pf.comment(proposal, parent=tops[0], body="Ett svar på den första")

    first = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    second = client.get(f"/forslag/{proposal.reference}?kommentarer=2").get_data(as_text=True)

    assert len(re.findall(r"Kommentar nummer \d\d", first)) == 20
    assert "Ett svar på den första" in first
    assert len(re.findall(r"Kommentar nummer \d\d", second)) == 3
    assert "Kommentar nummer 22" in second
    assert client.get(f"/forslag/{proposal.reference}?kommentarer=abc").status_code == 200
    assert client.get(f"/forslag/{proposal.reference}?kommentarer=99999").status_code == 200


def test_the_author_may_edit_within_fifteen_minutes(client, pf, login_as, resident):
    proposal = pf.proposal()
    comment = pf.comment(proposal, resident)
    client = login_as(resident)

    response = client.post(f"/forslag/{proposal.reference}/kommentarer/{comment.id}/redigera",
                           data={"body": "Rättat stavfel"})

    assert response.status_code == 302
    comment = reload(comment)
    assert comment.body == "Rättat stavfel" and comment.edited_at is not None


def test_editing_after_fifteen_minutes_is_refused(client, pf, login_as, resident):
    proposal = pf.proposal()
    comment = pf.comment(proposal, resident, body="Original")
    comment.created_at = comment.created_at - timedelta(minutes=16)
    db.session.commit()

    response = login_as(resident).post(
        f"/forslag/{proposal.reference}/kommentarer/{comment.id}/redigera",
        data={"body": "Ändrat"})

    assert response.status_code == 302
    assert reload(comment).body == "Original"


def test_others_cannot_edit_or_delete_a_comment(client, make, pf, login_as):
    proposal = pf.proposal()
    comment = pf.comment(proposal, body="Original")
    client = login_as(make.user())
    base = f"/forslag/{proposal.reference}/kommentarer/{comment.id}"
    assert client.post(f"{base}/redigera", data={"body": "Ändrat"}).status_code == 403
    assert client.post(f"{base}/ta-bort").status_code == 403
    comment = reload(comment)
    assert comment.body == "Original" and comment.deleted_at is None


@pytest.mark.parametrize("body", ["", "  ", "x" * 2001, "Ring 070-123 45 67"])
def test_bad_edits_are_refused(client, pf, login_as, resident, body):
    proposal = pf.proposal()
    comment = pf.comment(proposal, resident, body="Original")
    response = login_as(resident).post(
        f"/forslag/{proposal.reference}/kommentarer/{comment.id}/redigera", data={"body": body})
    assert response.status_code == 400
    assert reload(comment).body == "Original"


@pytest.mark.parametrize("comment_id", ["999999", "99999999999999999999999"])
def test_unknown_comments_are_404(client, pf, login_as, resident, comment_id):
    proposal = pf.proposal()
    client = login_as(resident)
    base = f"/forslag/{proposal.reference}/kommentarer/{comment_id}"
    assert client.get(f"{base}/redigera").status_code == 404
    assert client.post(f"{base}/ta-bort").status_code == 404


def test_a_comment_of_another_proposal_is_404(client, pf, login_as, resident):
    proposal = pf.proposal()
    comment = pf.comment(pf.proposal(), resident)
    client = login_as(resident)
    assert client.post(f"/forslag/{proposal.reference}/kommentarer/{comment.id}/ta-bort"
                       ).status_code == 404
    assert reload(comment).deleted_at is None


def test_deleting_keeps_replies_shows_a_marker_and_lowers_the_count(client, pf, login_as,
                                                                    resident):
    proposal = pf.proposal()
    top = pf.comment(proposal, resident, body="Det här tar jag bort")
    pf.comment(proposal, parent=top, body="Svaret finns kvar")

    response = login_as(resident).post(
        f"/forslag/{proposal.reference}/kommentarer/{top.id}/ta-bort")

    assert response.status_code == 302
    top = reload(top)
    assert top.deleted_at is not None and top.body == ""
    assert reload(proposal).comment_count == 1
    assert _comments() == 2
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Det här tar jag bort" not in html
    assert "Svaret finns kvar" in html
    assert "comment-deleted" in html
    # Deleting again changes nothing.
    client.post(f"/forslag/{proposal.reference}/kommentarer/{top.id}/ta-bort")
    assert reload(proposal).comment_count == 1
