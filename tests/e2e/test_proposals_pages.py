"""The proposal pages in a real browser: list, search, detail, submitting with a
preview, taking part, moderation, admin and the community page section.

Elements are found by id, name, role and attributes rather than by wording,
so the tests hold whatever the Swedish catalogue says. Every page state a test
visits is checked with axe-core.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from app.core.permissions import Role
from app.extensions import db
from app.proposals import services
from app.proposals.models import Comment, Decision, Proposal, ProposalStatus, Support, Theme
from app.site.models import MunicipalitySettings
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"
FILTER_FORM = "main form[role=search]"
REFERENCE = re.compile(r"^F-\d{4}-\d{4}$")


def _fresh(statement):
    db.session.expire_all()
    return db.session.scalars(statement).all()


def _card_titles(page, scope: str = "main .proposal-card") -> list[str]:
    return page.locator(f"{scope} .card-title a").all_inner_texts()


def _option_text(page, select_id: str, value: str) -> str:
    return page.locator(f"#{select_id} option[value='{value}']").inner_text()


def _assert_linked_errors(page, *field_ids: str) -> None:
    """The error summary is an alert linking to each field, which points back."""
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    targets = {link.get_attribute("href") for link in summary.locator("a").all()}
    assert targets == {f"#{field_id}" for field_id in field_ids}
    for field_id in field_ids:
        field = page.locator(f"#{field_id}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
        assert page.locator(f"#{field_id}-error").inner_text().strip()


def test_list_filters_with_counts_and_stemmed_search(page, make):
    norrby = make.community("Norrby")
    strand = make.community("Strand")
    park = pf.theme("Parker")
    streets = pf.theme("Gator")
    pf.proposal(title="Fler bänkar i Norrbyparken", community=norrby, theme_=park)
    pf.proposal(title="Bygg en cykelbana till skolan", community=norrby, theme_=streets,
                body="En säker väg för barnen.")
    pf.proposal(title="Belysning vid badet i Norrby", community=norrby, theme_=streets,
                status=ProposalStatus.UNDER_CONSIDERATION)
    pf.proposal(title="Ny brygga vid stranden", community=strand, theme_=park)
    pf.proposal(title="Väntar på granskning", community=norrby, theme_=park,
                status=ProposalStatus.SUBMITTED)

    page.goto("/forslag")

    assert len(_card_titles(page)) == 4  # the submitted one is not public
    assert _option_text(page, "community", str(norrby.id)).endswith("(3)")
    assert _option_text(page, "community", str(strand.id)).endswith("(1)")
    assert _option_text(page, "status", "published").endswith("(3)")
    assert _option_text(page, "theme", str(streets.id)).endswith("(2)")
    # Filters sit above the list.
    form_box = page.locator(FILTER_FORM).bounding_box()
    list_box = page.locator("main .proposal-list").bounding_box()
    assert form_box["y"] + form_box["height"] <= list_box["y"]
    check_a11y(page)

    page.select_option("#community", str(norrby.id))
    page.select_option("#status", "published")
    submit(page, FILTER_FORM)

    params = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/forslag"
    assert params["community"] == [str(norrby.id)]
    assert params["status"] == ["published"]
    assert sorted(_card_titles(page)) == ["Bygg en cykelbana till skolan",
                                          "Fler bänkar i Norrbyparken"]
    assert page.input_value("#community") == str(norrby.id)
    assert page.input_value("#status") == "published"
    # Each facet counts with the other filters kept.
    assert _option_text(page, "status", "under_consideration").endswith("(1)")
    assert _option_text(page, "community", str(strand.id)).endswith("(1)")
    assert "2" in page.locator("main .result-count").inner_text()
    for card in page.locator("main .proposal-card").all():
        assert card.locator(".badge").inner_text().strip()
        assert REFERENCE.search(card.locator(".meta").inner_text().split()[-1])
    check_a11y(page)

    page.goto("/forslag?q=cykelbanor")

    assert _card_titles(page) == ["Bygg en cykelbana till skolan"]
    assert page.input_value("#q") == "cykelbanor"
    assert _option_text(page, "community", "").endswith("(1)")
    check_a11y(page)

    page.goto("/forslag?q=obefintligt&status=answered")
    assert page.locator("main .proposal-card").count() == 0
    check_a11y(page)


def test_detail_page_tells_the_story_top_to_bottom(page, make):
    moderator = make.user(Role.MODERATOR, display_name="Dana Demokrati")
    norrby = make.community("Norrby")
    proposal = pf.proposal(title="Fler bänkar i parken", community=norrby,
                           body="Vi vill ha **fler bänkar** vid dammen.")
    services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator,
                        reason="Vi tittar på det.", notify=False)
    services.transition(proposal, ProposalStatus.ANSWERED, moderator,
                        reason="Vi ställer ut **tre** bänkar i vår.",
                        decision=Decision.ACCEPTED, notify=False)
    db.session.commit()
    first = pf.comment(proposal, body="Bra idé, *gärna* vid lekplatsen.")
    reply = pf.comment(proposal, body="Håller med!", parent=first)
    other = pf.comment(proposal, body="Och en papperskorg.")

    page.goto(f"/forslag/{proposal.reference}")

    assert page.locator("h1").inner_text() == "Fler bänkar i parken"
    assert proposal.reference in page.locator("main article header").inner_text()
    assert page.locator("main article header .badge").inner_text().strip()
    assert page.locator("main .prose strong").first.inner_text() == "fler bänkar"
    timeline = page.locator("#status-heading ~ .timeline > li")
    assert timeline.count() == 4  # submitted, published, under consideration, answered
    assert "Vi tittar på det." in timeline.nth(2).inner_text()
    answer = page.locator("section[aria-labelledby=answer-heading]")
    assert answer.locator(".prose strong").inner_text() == "tre"
    assert "Dana Demokrati" in answer.inner_text()
    top_level = page.locator("#kommentarer .comment-list > li.comment")
    assert [top_level.nth(i).get_attribute("id") for i in range(top_level.count())] == \
        [f"kommentar-{first.id}", f"kommentar-{other.id}"]
    nested = page.locator(f"#kommentar-{first.id} .reply-list > li")
    assert nested.get_attribute("id") == f"kommentar-{reply.id}"
    # The story runs top to bottom: idea, status and history, answer, conversation.
    order = [page.locator(sel).bounding_box()["y"] for sel in
             ("#idea-heading ~ .prose", "#status-heading", "#answer-heading",
              "#comments-heading")]
    assert order == sorted(order)
    # Answered: supports are closed; signed out, a way in instead of a comment form.
    assert page.locator("#stod form").count() == 0
    assert page.locator("#kommentarer textarea").count() == 0
    assert page.locator("#kommentarer a[href*='/konto/logga-in']").count() == 1
    check_a11y(page)


def test_submit_with_errors_then_preview_and_send(page, make, outbox):
    author = make.user(display_name="Elsa Förslagsställare")
    norrby = make.community("Norrby")
    theme = pf.theme("Trafik")
    similar = pf.proposal(title="Fler cykelbanor längs ån", community=norrby, theme_=theme,
                          body="Cykelbanor gör det säkrare.")
    log_in(page, author.email)

    page.goto(f"/forslag/nytt?lokalsamhalle={norrby.slug}")
    assert page.input_value("#community") == str(norrby.id)
    check_a11y(page)

    page.fill("#body", "Ring mig, mitt personnummer är 811218-9876.")
    page.select_option("#theme", str(theme.id))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, "main form.proposal-form")

    assert posted.value.status == 400
    # Every problem at once: the missing title and the personal identity number.
    _assert_linked_errors(page, "title", "body")
    assert "811218-9876" in page.locator("#body-error").inner_text()
    assert page.input_value("#body").startswith("Ring mig")  # nothing typed is lost
    check_a11y(page)

    page.fill("#title", "Bygg en cykelbana till skolan")
    page.fill("#body", "Barnen behöver en **säker** väg.\n\n- längs ån\n- vid skolan")
    submit(page, "main form.proposal-form")

    preview = page.locator("section[aria-labelledby=preview-heading]")
    assert preview.locator("h3").inner_text() == "Bygg en cykelbana till skolan"
    assert preview.locator(".prose strong").inner_text() == "säker"
    assert preview.locator(".prose li").count() == 2
    similar_section = page.locator("section[aria-labelledby=similar-heading]")
    assert similar_section.locator(f"a[href='/forslag/{similar.reference}']").count() >= 1
    assert page.input_value("#title") == "Bygg en cykelbana till skolan"
    assert _fresh(select(Proposal).where(Proposal.author_id == author.id)) == []
    check_a11y(page)

    submit(page, "main form.proposal-form")  # the first button: send

    reference = page.url.rsplit("/", 1)[-1]
    assert REFERENCE.match(reference)
    assert page.locator(".flash-success").inner_text().count(reference) == 1
    assert reference in page.locator("main article header").inner_text()
    assert page.locator("main article .notice").count() == 1  # waits for review
    check_a11y(page)
    [saved] = _fresh(select(Proposal).where(Proposal.author_id == author.id))
    assert (saved.reference, saved.status, saved.community_id, saved.theme_id) == \
        (reference, ProposalStatus.SUBMITTED, norrby.id, theme.id)
    assert saved.body.startswith("Barnen behöver")

    page.goto("/konto/mina-forslag")

    cards = page.locator("main .proposal-card")
    assert cards.count() == 1
    assert cards.locator(f"a[href='/forslag/{reference}']").count() == 1
    assert cards.locator(".badge").inner_text().strip()
    check_a11y(page)


def test_support_withdraw_comment_and_reply(page, make, outbox):
    author = make.user(display_name="Anna Författare")
    neighbour = make.user(display_name="Nils Granne")
    proposal = pf.proposal(author, title="En boulebana i parken")
    first = pf.comment(proposal, author, body="Jag kan ordna klot.")
    log_in(page, neighbour.email)
    supports = select(Support).where(Support.proposal_id == proposal.id)

    page.goto(f"/forslag/{proposal.reference}")
    assert page.locator("#stod .stat-number").inner_text() == "0"
    check_a11y(page)

    submit(page, "#stod form[action$='/stod']")

    assert page.locator(".flash-success").count() == 1
    assert page.locator("#stod .stat-number").inner_text() == "1"
    assert page.locator("#stod form[action$='/ta-tillbaka-stod']").count() == 1
    assert [s.user_id for s in _fresh(supports)] == [neighbour.id]
    check_a11y(page)

    submit(page, "#stod form[action$='/ta-tillbaka-stod']")

    assert page.locator(".flash-success").count() == 1
    assert page.locator("#stod .stat-number").inner_text() == "0"
    assert page.locator("#stod form[action$='/stod']").count() == 1
    assert _fresh(supports) == []
    check_a11y(page)

    page.fill("#body", "Gärna nära **kiosken**.")
    submit(page, "#kommentarer form.comment-form")

    assert page.url.endswith("#kommentarer")
    assert page.locator(".flash-success").count() == 1
    comments = select(Comment).where(Comment.proposal_id == proposal.id).order_by(Comment.id)
    written = _fresh(comments)[-1]
    assert (written.author_id, written.parent_id) == (neighbour.id, None)
    assert page.locator(f"#kommentar-{written.id} .prose strong").inner_text() == "kiosken"
    mails = outbox(author.email)
    assert [m.kind for m in mails] == ["proposal_comment_added"]
    assert proposal.reference in mails[0].subject
    check_a11y(page)

    reply_box = page.locator(f"#kommentar-{first.id} details.reply-box")
    reply_box.locator("summary").click()
    page.fill(f"#reply-{first.id}", "Toppen, då tar jag med mig måttband.")
    check_a11y(page)
    submit(page, f"#kommentar-{first.id} details.reply-box form")

    reply = _fresh(comments)[-1]
    assert (reply.author_id, reply.parent_id) == (neighbour.id, first.id)
    assert page.locator(f"#kommentar-{first.id} .reply-list > li#kommentar-{reply.id}") \
        .count() == 1
    assert "3" in page.locator("#comments-heading").inner_text()
    check_a11y(page)


def test_moderator_approves_and_refuses_then_the_author_sees_why(page, make, outbox):
    moderator = make.user(Role.MODERATOR)
    author = make.user(display_name="Olle Väntande")
    good = pf.proposal(author, title="Laga gungan i parken", status=ProposalStatus.SUBMITTED)
    bad = pf.proposal(author, title="Något helt annat ämne", status=ProposalStatus.SUBMITTED)
    log_in(page, moderator.email)

    page.goto("/moderering")
    assert page.locator("main .queue-list > li").count() == 2
    check_a11y(page)

    submit(page, f"main form[action$='/moderering/{good.reference}/godkann']")

    assert page.url.endswith("/moderering")
    assert good.reference in page.locator(".flash-success").inner_text()
    assert page.locator("main .queue-list > li").count() == 1
    check_a11y(page)

    refuse_form = f"main form[action$='/moderering/{bad.reference}/avvisa']"
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, refuse_form)
    assert posted.value.status == 400
    assert page.locator("#reason").get_attribute("aria-invalid") == "true"
    assert page.locator(".error-summary a[href='#reason']").count() == 1
    check_a11y(page)

    page.fill("#reason", "Förslaget behöver handla om kommunens ansvar.")
    submit(page, refuse_form)

    assert page.url.endswith("/moderering")
    assert bad.reference in page.locator(".flash-success").inner_text()
    assert page.locator("main .queue-list").count() == 0
    check_a11y(page)
    statuses = {p.reference: (p.status, p.moderation_reason) for p in
                _fresh(select(Proposal).where(Proposal.author_id == author.id))}
    assert statuses == {
        good.reference: (ProposalStatus.PUBLISHED, None),
        bad.reference: (ProposalStatus.HIDDEN, "Förslaget behöver handla om kommunens ansvar."),
    }
    assert [m.kind for m in outbox(author.email)] == ["proposal_status_changed"] * 2

    submit(page, LOGOUT_FORM)
    assert page.goto(f"/forslag/{bad.reference}").status == 404  # hidden from others
    log_in(page, author.email)
    page.goto(f"/forslag/{bad.reference}")

    assert "kommunens ansvar" in page.locator("main article .notice").inner_text()
    assert page.locator("main article header .badge").inner_text().strip()
    check_a11y(page)


def test_admin_manages_themes_and_proposal_settings(page, make):
    admin = make.user(Role.ADMIN)
    kept = pf.theme("Skola")
    log_in(page, admin.email)

    page.goto("/admin/teman")
    check_a11y(page)
    submit(page, "main form[action$='/admin/teman']")
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.fill("#name", "Kultur och fritid")
    submit(page, "main form[action$='/admin/teman']")

    assert page.url.endswith("/admin/teman")
    assert page.locator(".flash-success").count() == 1
    assert "Kultur och fritid" in page.locator("main table").inner_text()
    check_a11y(page)
    submit(page, f"main form[action$='/admin/teman/{kept.id}/arkivera']")
    [archived] = _fresh(select(Theme).where(Theme.id == kept.id))
    assert archived.archived_at is not None
    assert [t.name for t in _fresh(select(Theme).where(Theme.name == "Kultur och fritid"))] \
        == ["Kultur och fritid"]
    page.goto("/forslag/nytt")
    assert page.locator(f"#theme option[value='{kept.id}']").count() == 0

    page.goto("/admin/forslag")
    assert page.is_checked("#premoderation")
    check_a11y(page)
    page.uncheck("#premoderation")
    page.fill("#support_threshold", "0")
    submit(page, "main form[action$='/admin/forslag']")
    assert page.locator("#support_threshold").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.uncheck("#premoderation")
    page.fill("#support_threshold", "25")
    page.fill("#support_window_days", "30")
    submit(page, "main form[action$='/admin/forslag']")

    assert page.url.endswith("/admin/forslag")
    assert page.locator(".flash-success").count() == 1
    assert not page.is_checked("#premoderation")
    assert page.input_value("#support_threshold") == "25"
    check_a11y(page)
    [settings] = _fresh(select(MunicipalitySettings))
    assert (settings.premoderation, settings.support_threshold,
            settings.support_window_days) == (False, 25, 30)


def test_community_page_lists_its_proposals(page, make):
    norrby = make.community("Norrby", slug="norrby")
    elsewhere = make.community("Strand")
    shown = pf.proposal(title="Fler bänkar i Norrbyparken", community=norrby)
    pf.proposal(title="Ny brygga vid stranden", community=elsewhere)
    pf.proposal(title="Väntar på granskning", community=norrby,
                status=ProposalStatus.SUBMITTED)

    page.goto("/lokalsamhallen/norrby")

    section = page.locator("section[aria-labelledby=community-proposals-heading]")
    assert section.locator(".card-title a").all_inner_texts() == ["Fler bänkar i Norrbyparken"]
    assert section.locator(f"a[href='/forslag/{shown.reference}']").count() == 1
    assert section.locator(f"a[href='/forslag?community={norrby.id}']").count() == 1
    assert page.locator(f"main a[href='/forslag/nytt?lokalsamhalle={norrby.slug}']").count() == 1
    check_a11y(page)
