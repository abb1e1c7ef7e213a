"""The consultation report (samrådsredogörelse): counted by participant type and
local community, published by moderators once everything is handled and the
consultation has ended, then public, printable and downloadable; every
participant is told and sees how their own input was handled."""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document
from sqlalchemy import select

from app.consultation import handling
from app.consultation import report as report_data
from app.consultation.models import ConsultationReport, InputHandling
from app.core.notifications import Notification
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.plans.models import Plan
from tests.consultation.helpers import count, draft_url


class Scenario:
    """Hand-counted: an ended consultation with two versions.

    - Anna (home Norrby) comments twice, Bertil (no home) once, as themselves;
    - the association Byalaget (Norrby and Hedås) comments once;
    - the group Strandviksgruppen (Strandvik) comments once and responds;
    - the business Kiosken AB (no community) responds.
    """

    def __init__(self, make, cf, of, gf):
        norrby, hedas, strandvik = (make.community(name=name)
                                    for name in ("Norrby", "Hedås", "Strandvik"))
        self.consultation = cf.consultation(days_before=40, days_after=-1, sections=2)
        self.plan = db.session.get(Plan, self.consultation.plan_id)
        self.v1 = cf.first_version(self.consultation)
        self.v2 = cf.version(self.consultation, copy_of=self.v1, commit=True)
        s1, self.s2 = cf.sections(self.v1), cf.sections(self.v2)
        self.anna = make.user(display_name="Anna Andersson")
        self.anna.home_community_id = norrby.id
        self.bertil = make.user(display_name="Bertil Berg")
        chair = make.user(display_name="Ordförande Olle")
        self.chair = chair
        self.club = of.organisation(chair, name="Byalaget", kind=OrganisationKind.ASSOCIATION,
                                    communities=[norrby, hedas])
        owner = make.user(display_name="Kiosk-Kim")
        self.owner = owner
        self.kiosk = of.organisation(owner, name="Kiosken AB", kind=OrganisationKind.COMPANY,
                                     communities=[])
        self.member = make.user(display_name="Gruppmedlem Greta")
        self.group = gf.group(self.member, name="Strandviksgruppen", community=strandvik)
        self.comments = [
            cf.comment(s1[1], self.anna, body="Fler bänkar i parken."),
            cf.comment(s1[2], self.anna, body="Unga behöver bostäder."),
            cf.comment(s1[0], self.bertil, body="Visionen är för vag."),
            cf.comment(self.s2[1], chair, organisation=self.club, body="Byalaget vill hjälpa."),
            cf.comment(self.s2[2], self.member, group=self.group, body="Gruppen vill ha bad."),
        ]
        self.responses = [
            cf.response(self.consultation, None, self.member, group=self.group,
                        body="Gruppens yttrande.", version_=self.v1),
            cf.response(self.consultation, self.kiosk, owner, body="Kioskens yttrande.",
                        version_=self.v2),
        ]
        db.session.commit()

    def handle_all(self, moderator, *, skip: int = 0) -> None:
        items = [*self.comments, *self.responses]
        for index, item in enumerate(items[skip:]):
            used = self.s2[1].id if index == 0 and skip == 0 else None
            handling.handle(self.plan, item, moderator, outcome="incorporated" if index % 2
                            else "noted", motivation=f"Motivering {index} <b>fet</b>",
                            used_section_id=used)
        db.session.commit()

    @property
    def url(self) -> str:
        return f"{draft_url(self.consultation)}/redogorelse"

    @property
    def publish_url(self) -> str:
        return f"/admin/styrdokument/{self.plan.id}/samrad/redogorelse/publicera"


@pytest.fixture
def scene(make, cf, of, gf):
    return Scenario(make, cf, of, gf)


def test_the_counts_match_the_hand_count(scene):
    material = report_data.build(scene.consultation)
    by_type = {key: (c.participants, c.comments, c.responses)
               for key, c in material.by_type().items()}
    assert by_type == {"residents": (2, 3, 0), "businesses": (1, 0, 1),
                       "associations": (1, 1, 0), "other_organisations": (0, 0, 0),
                       "local_groups": (1, 1, 1)}
    totals = material.totals()
    assert (totals.participants, totals.comments, totals.responses) == (5, 5, 2)
    by_community = [(name, c.participants, c.comments, c.responses)
                    for name, c in material.by_community()]
    assert by_community == [("Hedås", 1, 1, 0), ("Norrby", 2, 3, 0), ("Strandvik", 1, 1, 1),
                            (None, 2, 1, 1)]
    assert material.unhandled == 7


def test_publishing_is_refused_while_open_or_unhandled(scene, moderator, cf):
    with pytest.raises(handling.ConsultationError, match="7 kommentarer och yttranden"):
        handling.publish_report(scene.plan, scene.consultation, moderator)
    scene.handle_all(moderator, skip=1)
    with pytest.raises(handling.ConsultationError, match="1 kommentar eller yttrande"):
        handling.publish_report(scene.plan, scene.consultation, moderator)
    db.session.rollback()
    running = cf.consultation()
    with pytest.raises(handling.ConsultationError, match="Samrådet pågår"):
        handling.publish_report(db.session.get(Plan, running.plan_id), running, moderator)
    assert count(ConsultationReport) == 0


def test_the_page_refuses_publishing_with_a_clear_message(client, login_as, moderator, scene):
    response = login_as(moderator).post(scene.publish_url, follow_redirects=True)
    assert "7 kommentarer och yttranden är inte hanterade än" in response.get_data(as_text=True)
    assert count(ConsultationReport) == 0


def test_before_publishing_only_moderators_see_a_preview(client, login_as, make, scene):
    for role in (None, "resident", "official"):
        if role:
            login_as(make.user(role))
        assert client.get(scene.url).status_code == 404, role
        assert client.get(f"{scene.url}.csv").status_code == 404, role
    login_as(make.user("moderator"))
    html = client.get(scene.url).get_data(as_text=True)
    assert "Förhandsgranskning." in html and "Inte hanterad" in html


def test_a_moderator_publishes_and_every_participant_is_told(client, login_as, moderator,
                                                            scene, outbox):
    scene.handle_all(moderator)
    assert "Läs samrådsredogörelsen" not in client.get(draft_url(scene.consultation)).get_data(
        as_text=True)
    response = login_as(moderator).post(scene.publish_url)
    assert response.status_code == 302 and response.location.endswith("/samrad/redogorelse")
    assert count(ConsultationReport) == 1
    # Twice: refused with a message, still one report.
    again = client.post(scene.publish_url, follow_redirects=True)
    assert "redan publicerad" in again.get_data(as_text=True)
    assert count(ConsultationReport) == 1

    told = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == handling.REPORT_PUBLISHED)))
    assert told == {scene.anna.id, scene.bertil.id, scene.chair.id, scene.member.id,
                    scene.owner.id}
    mail = outbox(scene.anna.email)
    assert len(mail) == 1 and "samradsredogorelse" not in mail[0].subject.lower()
    assert "Samrådsredogörelsen för" in mail[0].subject
    assert f"/styrdokument/{scene.plan.id}/samrad/redogorelse#dina-synpunkter" in mail[0].body
    assert "dina 2 kommentarer och yttranden" in mail[0].body

    client.get("/konto/logga-ut")
    page = client.get(draft_url(scene.consultation)).get_data(as_text=True)
    assert "Läs samrådsredogörelsen" in page


def test_the_public_report_shows_each_item_with_its_handling(client, moderator, scene,
                                                            login_as):
    scene.handle_all(moderator)
    scene.comments[2].hidden_at = scene.comments[2].created_at
    scene.comments[2].hidden_reason = "Kränkande"
    db.session.commit()
    handling.publish_report(scene.plan, scene.consultation, moderator)
    db.session.commit()

    html = client.get(scene.url).get_data(as_text=True)
    assert "Samrådsredogörelse:" in html and "Förhandsgranskning." not in html
    assert "Fler bänkar i parken." in html and "Motivering 0 &lt;b&gt;fet&lt;/b&gt;" in html
    assert f"/samrad/avsnitt/{scene.s2[1].id}" in html  # the section of the new version
    assert "Dolt av moderator" in html and "Kränkande" in html
    assert "Visionen är för vag." not in html
    assert "Byalaget" in html and "Strandviksgruppen" in html and "Kiosken AB" in html
    assert "Anna Andersson" not in html and "En invånare" in html
    assert "Så räknar vi" in html and "Inarbetad" in html and "Noterad" in html
    assert "Dina synpunkter och hur de hanterades" not in html
    assert "<script" not in html.split("</header>")[1]  # printable without JavaScript

    own = login_as(scene.anna).get(scene.url).get_data(as_text=True)
    mine = own.split('id="dina-synpunkter"')[1].split("</section>")[0]
    assert "Fler bänkar i parken." in mine and "Unga behöver bostäder." in mine
    assert "Visionen är för vag." not in mine


def test_the_report_downloads(client, moderator, scene):
    scene.handle_all(moderator)
    handling.publish_report(scene.plan, scene.consultation, moderator)
    db.session.commit()

    response = client.get(f"{scene.url}.docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Samrådsredogörelse:" in text and "Fler bänkar i parken." in text
    assert "Motivering 0 <b>fet</b>" in text and "Byalaget" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Lokala utvecklingsgrupper" in cells and "Strandvik" in cells

    response = client.get(f"{scene.url}.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Slag", "Från", "Typ av deltagare", "Lokalsamhälle", "Text",
                       "Hantering", "Motivering", "Nytt avsnitt"]
    assert len(rows) == 1 + 7
    by_text = {row[5]: row for row in rows[1:]}
    first = by_text["Fler bänkar i parken."]
    assert first[2:5] == ["En invånare", "Invånare", "Norrby"]
    assert first[6] == "Noterad" and first[8].startswith("Version 2: ")
    assert by_text["Gruppens yttrande."][3:5] == ["Lokala utvecklingsgrupper", "Strandvik"]
    assert client.get(f"{scene.url}.xlsx").status_code == 404


def test_own_data_has_the_handling_once_published(client, login_as, moderator, scene):
    scene.handle_all(moderator)

    def exported():
        data = json.loads(login_as(scene.anna).get("/konto/mina-uppgifter.json").data)
        return data["consultation"]["section_comments"]

    assert [c["handling"] for c in exported()] == [None, None]
    handling.publish_report(scene.plan, scene.consultation, moderator)
    db.session.commit()
    comments = exported()
    assert comments[0]["handling"]["outcome"] == "noted"
    assert comments[0]["handling"]["used_in_version"] == 2
    assert comments[1]["handling"]["motivation"] == "Motivering 1 <b>fet</b>"


def test_handling_rows_go_with_the_comment_they_are_about(scene, moderator):
    scene.handle_all(moderator)
    assert count(InputHandling) == 7
    db.session.delete(scene.comments[0])
    db.session.commit()
    assert count(InputHandling) == 6
