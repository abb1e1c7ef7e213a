"""Section comments are reportable, hidden and redacted like other comments;
one's comments and responses are in the own-data download."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import SectionComment
from app.core.audit import AuditEntry
from app.extensions import db
from app.moderation.models import Report, ReportTarget
from tests.consultation.helpers import section_url

QUEUE = "/moderering/anmalningar"


def _comment(cf, author):
    consultation = cf.consultation()
    section = cf.sections(cf.first_version(consultation))[1]
    return consultation, section, cf.comment(section, author, body="Ring Kalle på 070-123 45 67")


def test_a_section_comment_is_reported_hidden_and_the_author_told(client, cf, make, login_as,
                                                                 resident, moderator, outbox):
    author = make.user(email="skribent@example.org")
    consultation, section, comment = _comment(cf, author)
    page = login_as(resident).get(section_url(consultation, section)).get_data(as_text=True)
    report_url = f"/anmal/avsnittskommentar/{comment.id}"
    assert report_url in page

    response = client.post(report_url, data={"reason": "personal_data", "text": "Telefon"})
    assert response.status_code == 302
    assert response.location.endswith(f"{section_url(consultation, section)}#kommentar-"
                                      f"{comment.id}")
    [report] = db.session.scalars(select(Report)).all()
    assert report.target_type == ReportTarget.SECTION_COMMENT

    queue = login_as(moderator).get(QUEUE).get_data(as_text=True)
    assert "Kommentar på ett utkast" in queue and "Ring Kalle" in queue
    assert client.post(f"/moderering/avsnittskommentar/{comment.id}/dolj",
                       data={"reason": "Telefonnummer"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SectionComment, comment.id).is_hidden
    assert [mail.kind for mail in outbox("skribent@example.org")] == ["content_hidden"]
    assert db.session.scalars(select(AuditEntry.action)).all() == ["section_comment.hidden"]
    public = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Telefonnummer" in public


def test_a_moderator_redacts_a_passage_from_a_section_comment(client, cf, make, login_as,
                                                             moderator):
    _consultation, _section, comment = _comment(cf, make.user())
    response = login_as(moderator).post(f"/moderering/avsnittskommentar/{comment.id}/redigera",
                                        data={"passage": "070-123 45 67",
                                              "reason": "Telefonnummer"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SectionComment, comment.id).body == \
        "Ring Kalle på [redigerat av moderator]"


def test_the_author_cannot_report_their_own_comment(client, cf, login_as, resident):
    _consultation, _section, comment = _comment(cf, resident)
    response = login_as(resident).post(f"/anmal/avsnittskommentar/{comment.id}",
                                       data={"reason": "spam"})
    assert response.status_code == 400
    assert db.session.scalars(select(Report)).all() == []


def test_own_data_has_the_section_comments_and_responses(client, cf, of, login_as, resident):
    consultation, section, _comment_row = _comment(cf, resident)
    club = of.organisation(resident, name="Byalaget")
    cf.response(consultation, club, resident, body="Vårt yttrande")

    data = login_as(resident).get("/konto/mina-uppgifter.json").get_json()

    [comment] = data["consultation"]["section_comments"]
    assert (comment["section"], comment["version"], comment["body"]) == (
        section.title, 1, "Ring Kalle på 070-123 45 67")
    [response] = data["consultation"]["consultation_responses"]
    assert (response["organisation"], response["body"]) == ("Byalaget", "Vårt yttrande")
