"""Browser tests: a group member comments and responds for the group; a
moderator handles the input (with a refused attempt), publishes the
consultation report, and anyone reads and prints it. Every page is checked
with axe."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import ConsultationReport, ConsultationResponse, SectionComment
from app.extensions import db
from tests import consultation_factories as cf
from tests import group_factories as gf
from tests import organisation_factories as of
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def test_a_group_member_comments_and_responds_for_the_group(page, make):
    consultation = cf.consultation()
    section = cf.sections(cf.first_version(consultation))[1]
    member = make.user(email="greta@example.org", display_name="Greta Gruppmedlem")
    group = gf.group(member, name="Norrby bygderåd")
    of.organisation(member, name="Byalaget")
    base = f"/styrdokument/{consultation.plan_id}/samrad"

    log_in(page, "greta@example.org")
    page.goto(f"{base}/avsnitt/{section.id}")
    options = page.locator("#acting_as option").all_inner_texts()
    assert options == ["Mig själv (Greta Gruppmedlem)", "Byalaget",
                       "Norrby bygderåd (lokal utvecklingsgrupp)"]
    check_a11y(page)
    page.fill("#body", "Bygderådet vill ha en mötesplats i skolan.")
    page.select_option("#acting_as", f"grupp-{group.id}")
    submit(page, "main form.comment-form")
    assert page.locator(".flash-success").count() == 1
    assert "lokal utvecklingsgrupp, via Greta Gruppmedlem" in page.locator("main").inner_text()
    assert db.session.scalars(select(SectionComment)).one().group_id == group.id
    check_a11y(page)

    page.goto(f"{base}/yttrande")
    page.select_option("#organisation", f"grupp-{group.id}")
    page.fill("#body", "Bygderådet ställer sig bakom utkastet.")
    check_a11y(page)
    submit(page)
    assert page.locator("h1").inner_text() == "Samrådsyttrande från Norrby bygderåd"
    assert db.session.scalars(select(ConsultationResponse)).one().group_id == group.id
    check_a11y(page)


def test_a_moderator_handles_the_input_and_publishes_the_report(page, make):
    consultation = cf.consultation(days_before=40, days_after=-1)
    first = cf.first_version(consultation)
    second = cf.version(consultation, copy_of=first, commit=True)
    sections = cf.sections(first)
    author = make.user(email="kalle@example.org", display_name="Kalle Kommentar")
    comment = cf.comment(sections[1], author, body="Fler bänkar i parken.")
    other = cf.comment(sections[0], body="Visionen är för vag.")
    chair = make.user()
    response = cf.response(consultation, of.organisation(chair, name="Byalaget"), chair,
                           body="Byalaget stöder utkastet.", version_=first)
    make.user("moderator", email="moderator@example.org")
    plan_id = consultation.plan_id
    later = cf.sections(second)[1]

    log_in(page, "moderator@example.org")
    page.goto(f"/admin/styrdokument/{plan_id}/samrad")
    follow(page, page.locator(f"main a[href='/admin/styrdokument/{plan_id}/samrad/hantering']"))
    assert "0 av 3 hanterade" in page.locator("main").inner_text()
    check_a11y(page)

    # Publishing before everything is handled is refused with the number left.
    submit(page, "main form[action$='/redogorelse/publicera']")
    assert "3 kommentarer och yttranden är inte hanterade än" in page.locator(
        ".flash-error").inner_text()

    # No motivation: refused at the field.
    item = f"#kommentar-{comment.id}"
    page.check(f"#k{comment.id}-outcome-0")
    submit(page, f"{item} form")
    assert page.locator(f"#k{comment.id}-motivation[aria-invalid=true]").count() == 1
    check_a11y(page)
    page.check(f"#k{comment.id}-outcome-0")
    page.fill(f"#k{comment.id}-motivation", "Fler bänkar finns nu med.")
    page.select_option(f"#k{comment.id}-used_section", str(later.id))
    submit(page, f"{item} form")
    assert page.locator(".flash-success").count() == 1
    for prefix, selector in ((f"k{other.id}", f"#kommentar-{other.id}"),
                             (f"y{response.id}", f"#yttrande-{response.id}")):
        page.check(f"#{prefix}-outcome-3")
        page.fill(f"#{prefix}-motivation", "Tack, vi har noterat synpunkten.")
        submit(page, f"{selector} form")
    assert "3 av 3 hanterade" in page.locator("main").inner_text()
    check_a11y(page)

    follow(page, page.locator("main a", has_text="Förhandsgranska samrådsredogörelsen"))
    assert page.locator("text=Förhandsgranskning.").count() == 1
    check_a11y(page)
    page.go_back()
    submit(page, "main form[action$='/redogorelse/publicera']")
    assert page.url.endswith(f"/styrdokument/{plan_id}/samrad/redogorelse")
    assert db.session.scalars(select(ConsultationReport)).one()
    check_a11y(page)

    # Anyone reads it; the author sees their own input first.
    page.context.clear_cookies()
    log_in(page, "kalle@example.org")
    page.goto(f"/styrdokument/{plan_id}/samrad")
    follow(page, page.locator("main a", has_text="Läs samrådsredogörelsen"))
    own = page.locator("#dina-synpunkter")
    assert "Fler bänkar i parken." in own.inner_text() and "Inarbetad" in own.inner_text()
    assert own.locator(f"a[href$='/samrad/avsnitt/{later.id}']").count() == 1
    check_a11y(page)

    # Printed: no navigation, no forms, the report itself.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("text=Visionen är för vag.").first.is_visible()
