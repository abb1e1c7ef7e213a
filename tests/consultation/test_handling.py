"""Moderators record how each section comment and consultation response was
handled: outcome, required motivation, optionally a section of a later
version; one handling per item, audited; bad input refused with 400."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultation import handling
from app.consultation.models import InputHandling, Outcome
from app.core.audit import AuditEntry
from app.extensions import db
from app.plans.models import Plan
from tests.consultation.helpers import count


class Draft:
    """An ended consultation with two published versions, two comments on
    version 1, one on version 2 and an organisation's response on version 1."""

    def __init__(self, cf, of, make):
        self.consultation = cf.consultation(days_before=40, days_after=-1)
        self.plan = db.session.get(Plan, self.consultation.plan_id)
        self.v1 = cf.first_version(self.consultation)
        self.v2 = cf.version(self.consultation, copy_of=self.v1, commit=True)
        self.s1 = cf.sections(self.v1)
        self.s2 = cf.sections(self.v2)
        self.author = make.user(display_name="Kalle Kommentar")
        self.first = cf.comment(self.s1[1], self.author, body="Fler bänkar i parken.")
        self.second = cf.comment(self.s1[0], body="Visionen är för vag.")
        self.late = cf.comment(self.s2[1], body="Bra ändring i version 2.")
        chair = make.user()
        self.club = of.organisation(chair, name="Byalaget")
        self.response = cf.response(self.consultation, self.club, chair,
                                    body="Byalaget stöder utkastet.", version_=self.v1)

    @property
    def base(self) -> str:
        return f"/admin/styrdokument/{self.plan.id}/samrad/hantering"

    def comment_url(self, comment) -> str:
        return f"{self.base}/kommentarer/{comment.id}"

    def response_url(self, response) -> str:
        return f"{self.base}/yttranden/{response.id}"


@pytest.fixture
def draft(cf, of, make):
    return Draft(cf, of, make)


def _data(prefix: str, outcome="incorporated", motivation="Vi har lagt till fler bänkar.",
          section="") -> dict:
    return {f"{prefix}-outcome": outcome, f"{prefix}-motivation": motivation,
            f"{prefix}-used_section": str(section)}


def _handling(**where) -> InputHandling | None:
    db.session.expire_all()
    return db.session.scalars(select(InputHandling).filter_by(**where)).first()


def test_a_moderator_handles_a_comment_and_points_to_the_new_section(client, login_as,
                                                                     moderator, draft):
    page = login_as(moderator).get(draft.base)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "0 av 4 hanterade" in html and "Fler bänkar i parken." in html
    assert "Version 2: " in html

    response = client.post(draft.comment_url(draft.first),
                           data=_data(f"k{draft.first.id}", section=draft.s2[1].id))
    assert response.status_code == 302
    assert response.location.endswith(f"/samrad/hantering#kommentar-{draft.first.id}")
    row = _handling(comment_id=draft.first.id)
    assert (row.outcome, row.motivation, row.used_section_id, row.handled_by_id) == (
        Outcome.INCORPORATED, "Vi har lagt till fler bänkar.", draft.s2[1].id, moderator.id)
    assert row.consultation_id == draft.consultation.id and row.handled_at is not None
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("consultation.input_handled") == 1
    assert "1 av 4 hanterade" in client.get(draft.base).get_data(as_text=True)


def test_a_response_is_handled_and_the_handling_can_be_changed(client, login_as, moderator,
                                                               draft):
    login_as(moderator)
    prefix = f"y{draft.response.id}"
    assert client.post(draft.response_url(draft.response),
                       data=_data(prefix, "noted", "Tack!")).status_code == 302
    assert client.post(draft.response_url(draft.response),
                       data=_data(prefix, "partly_incorporated", "Delvis.",
                                  draft.s2[0].id)).status_code == 302
    rows = db.session.scalars(select(InputHandling)).all()
    assert len(rows) == 1
    assert (rows[0].response_id, rows[0].outcome, rows[0].used_section_id) == (
        draft.response.id, "partly_incorporated", draft.s2[0].id)


def test_a_double_submit_makes_one_handling_and_one_audit_entry(client, login_as, moderator,
                                                               draft):
    login_as(moderator)
    data = _data(f"k{draft.second.id}", "not_incorporated", "Visionen ska vara kort.")
    for _ in range(2):
        assert client.post(draft.comment_url(draft.second), data=data).status_code == 302
    assert count(InputHandling) == 1
    assert db.session.scalars(select(AuditEntry.action)).all().count(
        "consultation.input_handled") == 1


@pytest.mark.parametrize("outcome, motivation, says", [
    ("incorporated", "", "Skriv en kort motivering"),
    ("incorporated", "   ", "Skriv en kort motivering"),
    ("incorporated", "x" * 1001, "högst 1 000 tecken"),
    ("", "Motivering", "Välj hur synpunkten hanterades"),
    ("accepted", "Motivering", "Välj hur synpunkten hanterades"),
])
def test_bad_handling_is_refused(client, login_as, moderator, draft, outcome, motivation,
                                 says):
    response = login_as(moderator).post(
        draft.comment_url(draft.first), data=_data(f"k{draft.first.id}", outcome, motivation))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert says in html
    assert count(InputHandling) == 0


def test_the_section_must_be_of_a_later_version_of_the_same_consultation(
        client, login_as, moderator, draft, cf):
    other = cf.consultation()
    other_section = cf.sections(cf.first_version(other))[0]
    login_as(moderator)
    prefix = f"k{draft.first.id}"
    for section, says in [
            (draft.s1[0].id, "publicerades efter"),          # the same version
            (other_section.id, "Välj ett avsnitt i det här utkastet"),  # another draft
            (99999999, "Välj ett avsnitt i det här utkastet"),           # unknown
            ("1 OR 1=1", "Välj ett avsnitt i det här utkastet")]:        # tampered
        response = client.post(draft.comment_url(draft.first),
                               data=_data(prefix, section=section))
        assert response.status_code == 400, section
        assert says in response.get_data(as_text=True)
    # A comment on version 2 has no later version to point to.
    response = client.post(draft.comment_url(draft.late),
                           data=_data(f"k{draft.late.id}", section=draft.s2[1].id))
    assert response.status_code == 400
    assert count(InputHandling) == 0


def test_the_service_checks_the_later_version(draft, moderator, cf):
    with pytest.raises(handling.ConsultationError, match="publicerades efter"):
        handling.handle(draft.plan, draft.first, moderator, outcome="incorporated",
                        motivation="Ja", used_section_id=draft.s1[1].id)
    unpublished = cf.version(draft.consultation, copy_of=draft.v2, published=False,
                             commit=True)
    with pytest.raises(handling.ConsultationError, match="Välj ett avsnitt"):
        handling.handle(draft.plan, draft.first, moderator, outcome="incorporated",
                        motivation="Ja", used_section_id=cf.sections(unpublished)[0].id)
    row = handling.handle(draft.plan, draft.response, moderator, outcome="incorporated",
                          motivation="Ja", used_section_id=draft.s2[0].id)
    assert row.response_id == draft.response.id


def test_unknown_items_and_items_of_another_consultation_are_404(client, login_as, moderator,
                                                                draft, cf, of, make):
    other = cf.consultation()
    stranger = cf.comment(cf.sections(cf.first_version(other))[0])
    chair = make.user()
    foreign = cf.response(other, of.organisation(chair), chair)
    login_as(moderator)
    assert client.post(f"{draft.base}/kommentarer/99999999",
                       data=_data("k99999999")).status_code == 404
    assert client.post(draft.comment_url(stranger),
                       data=_data(f"k{stranger.id}")).status_code == 404
    assert client.post(draft.response_url(foreign),
                       data=_data(f"y{foreign.id}")).status_code == 404
    assert client.get("/admin/styrdokument/99999999/samrad/hantering").status_code == 404
    assert count(InputHandling) == 0


def test_a_hidden_comment_stays_handled_and_shows_as_hidden(client, login_as, moderator,
                                                           draft):
    login_as(moderator)
    client.post(draft.comment_url(draft.first), data=_data(f"k{draft.first.id}", "noted",
                                                           "Noterad."))
    draft.first.hidden_at = draft.first.created_at
    draft.first.hidden_reason = "Personuppgifter"
    db.session.commit()
    html = client.get(draft.base).get_data(as_text=True)
    assert "Dolt av moderator" in html and "Personuppgifter" in html
    assert _handling(comment_id=draft.first.id).outcome == "noted"


def test_the_filter_shows_unhandled_or_handled(client, login_as, moderator, draft):
    login_as(moderator)
    client.post(draft.comment_url(draft.first), data=_data(f"k{draft.first.id}"))
    unhandled = client.get(f"{draft.base}?visa=ohanterade").get_data(as_text=True)
    handled = client.get(f"{draft.base}?visa=hanterade").get_data(as_text=True)
    assert "Fler bänkar i parken." not in unhandled and "Visionen är för vag." in unhandled
    assert "Fler bänkar i parken." in handled and "Visionen är för vag." not in handled
    assert client.get(f"{draft.base}?visa=<script>").status_code == 200


@pytest.mark.parametrize("role", ["resident", "official"])
def test_only_moderators_and_admins_handle(client, login_as, make, draft, role):
    login_as(make.user(role))
    assert client.get(draft.base).status_code == 403
    assert client.post(draft.comment_url(draft.first),
                       data=_data(f"k{draft.first.id}")).status_code == 403
    assert count(InputHandling) == 0


def test_an_admin_handles_too(client, login_as, admin, draft):
    login_as(admin)
    assert client.post(draft.response_url(draft.response),
                       data=_data(f"y{draft.response.id}")).status_code == 302
    assert _handling(response_id=draft.response.id).handled_by_id == admin.id
