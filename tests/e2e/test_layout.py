"""Mobile first: pages fit a small phone screen and controls are easy to tap.

Most residents arrive from a phone. At 320 px (the narrowest common width,
and 1280 px zoomed to 400 %) and 390 px nothing may scroll sideways, and every
control that stands on its own is at least 44 px high. Links inside running
text are exempt, as in WCAG 2.5.8.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.permissions import Role
from app.dialogues.models import Dialogue, Registration, RegistrationStatus
from app.extensions import db
from app.organisations.models import OrganisationKind, VerificationStatus
from app.proposals.models import Proposal, ProposalStatus
from tests import consultation_factories as cf
from tests import dialogue_factories as df
from tests import factories
from tests import group_factories as gf
from tests import organisation_factories as of
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, log_in, submit

HORIZONTAL_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
               + (el.className && typeof el.className === 'string' ? '.' + el.className : ''))
    .slice(0, 10);
}"""

SMALL_TARGETS_JS = """() => {
  const inRunningText = el => {
    const block = el.closest('p, li, dd, td, label');
    return el.tagName === 'A' && block && block.textContent.trim() !== el.textContent.trim();
  };
  const controls = 'a[href], button, select, textarea, '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio])';
  return Array.from(document.querySelectorAll(controls))
    .filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && !el.closest('.skip-link')
        && !inRunningText(el) && box.height < 44;
    })
    .map(el => el.outerHTML.slice(0, 80) + ' is '
               + Math.round(el.getBoundingClientRect().height) + 'px high');
}"""

PUBLIC_PAGES = ["/", "/lokalsamhallen", "/lokalsamhallen/norrby", "/konto/registrera",
                "/konto/logga-in", "/tillganglighet", "/personuppgifter", "/finns-inte",
                "/forslag", "/forslag?q=parken&community=hela-kommunen", "/organisationer",
                "/organisationer?kind=association", "/lokalsamhallen/norrby/aktorer",
                "/dialoger", "/dialoger?status=open&target_group=young", "/statistik",
                "/statistik?year=2020", "/utvecklingsgrupper",
                "/lokalsamhallen/norrby/utvecklingsgrupper"]
SIGNED_IN_PAGES = ["/konto", "/konto/losenord", "/admin", "/admin/anvandare",
                   "/admin/lokalsamhallen", "/admin/lokalsamhallen/ny", "/admin/installningar",
                   "/admin/logg", "/forslag/nytt", "/konto/mina-forslag", "/moderering",
                   "/admin/teman", "/admin/forslag", "/organisationer/ny", "/admin/organisationer",
                   "/konto/organisationer", "/dialoger/ny", "/konto/mina-uppgifter",
                   "/konto/radera", "/admin/styrdokument", "/admin/styrdokument/nytt",
                   "/konto/mina-atgarder", "/utvecklingsgrupper/ny", "/konto/utvecklingsgrupper"]
LONG_TITLE = "Bygg en riktigt ordentlig cykelväg hela vägen från stationen till badplatsen"


def _make_proposals(norrby, admin) -> str:
    """A commented proposal by someone else, one of the admin's and one waiting;
    returns the commented one's page."""
    theme = pf.theme("Trafik, gator och gång- och cykelvägar i hela kommunen")
    shown = pf.proposal(title=LONG_TITLE, community=norrby, theme_=theme)
    first = pf.comment(shown, body="Ja! https://example.org/en/mycket/lang/adress/utan/mellanrum")
    pf.comment(shown, body="Håller med.", parent=first)
    pf.proposal(admin, title=LONG_TITLE, theme_=theme)
    pf.proposal(title=LONG_TITLE, theme_=theme, status=ProposalStatus.SUBMITTED)
    return f"/forslag/{shown.reference}"


def _make_organisations(norrby, admin) -> list[str]:
    """A verified organisation the admin runs, with a long name, address and themes,
    and one waiting for verification; returns its page and members page."""
    theme = pf.theme("Idrott, friluftsliv och föreningsliv för alla åldrar")
    club = of.organisation(admin, name="Idrottsföreningen Norrby strand och omnejd " * 2,
                           kind=OrganisationKind.ASSOCIATION, org_number="802002-8711",
                           communities=[norrby], themes=[theme])
    club.website = "https://www.example.org/en/mycket/lang/adress/utan/mellanrum/alls"
    club.contact_email = "kansliet.for.idrottsforeningen@example.org"
    of.member(club, shown_publicly=True)
    of.organisation(name="Väntande förening med ett långt namn",
                    status=VerificationStatus.UNVERIFIED, communities=[norrby])
    return [f"/organisationer/{club.id}", f"/organisationer/{club.id}/medlemmar"]


def _make_group(norrby, admin) -> tuple[str, list[str]]:
    """A group with a long name the admin runs, with members, an invitation and an
    organisation asked to join; returns its page and its members, edit and
    organisation-answer pages."""
    group = gf.group(admin, name="Utvecklingsgruppen för Norrby strand och omnejd " * 2,
                     community=norrby,
                     contact_email="en.mycket.lang.adress.for.utvecklingsgruppen@example.org")
    gf.member(group, factories.user(display_name="En medlem med ett långt namn " * 2),
              shown_publicly=True)
    gf.invitation(group, "en.mycket.lang.adress.for.den.inbjudna@example.org")
    club = of.organisation(admin, name="Föreningen med ett riktigt långt namn " * 2)
    link = gf.organisation_member(group, club, accepted=False)
    base = f"/utvecklingsgrupper/{group.id}"
    return base, [base, f"{base}/medlemmar", f"{base}/redigera",
                  f"{base}/organisationer/{link.id}/svar"]


def _make_dialogues(norrby, admin) -> tuple[str, list[str]]:
    """An open dialogue with a long title, an upcoming and a past meeting, someone
    signed up with needs and a proposal; returns its page and its organiser pages
    (sign-up form, participant list, meeting form and feedback form)."""
    dialogue = df.dialogue(title=LONG_TITLE, community=norrby,
                           target_groups=("residents", "young", "seniors"))
    meeting = df.meeting(dialogue, title="Dialogmöte om cykelvägen " * 3, capacity=1)
    meeting.accessibility_info = "https://example.org/en/mycket/lang/adress/utan/mellanrum"
    meeting.online_url = "https://example.org/mote"
    past = df.meeting(dialogue, days_ahead=-2)
    past.attendees = 9
    past.summary = "Vi pratade om cykelvägen."
    person = factories.user(email="en.mycket.lang.adress.for.deltagaren@example.org")
    club = of.organisation(name="Cykelföreningen för hela Norrby med omnejd")
    db.session.add(Registration(meeting_id=meeting.id, user_id=person.id,
                                organisation_id=club.id,
                                status=RegistrationStatus.REGISTERED,
                                accessibility_needs="Rullstolsplats nära scenen " * 4))
    meeting.registered_count = 1
    proposal = pf.proposal(title=LONG_TITLE, community=norrby)
    proposal.dialogue_id = dialogue.id
    db.session.commit()
    base = f"/dialoger/{dialogue.id}"
    return base, [base, f"{base}/moten/{meeting.id}/anmalan",
                  f"{base}/moten/{meeting.id}/deltagare", f"{base}/moten/nytt",
                  f"{base}/aterkoppling"]


def _make_plan(norrby, admin) -> list[str]:
    """A plan with long words, a challenge, a quote and an action; returns its
    editor pages (structure editor, forms for each level and a confirmation)."""
    plan = plf.plan(title="Samhällsbyggnadsförvaltningens handlingsplan för " + LONG_TITLE,
                    registry_number="KS 2026/4711")
    commitment = plf.commitment(plan)
    action = plf.action(commitment, text=LONG_TITLE, responsible_users=(admin,),
                        communities=(norrby,))
    challenge_id = commitment.challenge_id
    return [f"/admin/styrdokument/{plan.id}/redigera",
            f"/admin/styrdokument/{plan.id}/utmaningar/ny",
            f"/admin/styrdokument/utmaningar/{challenge_id}/redigera",
            f"/admin/styrdokument/utmaningar/{challenge_id}/citat/nytt",
            f"/admin/styrdokument/citat/{commitment.id}/redigera",
            f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny",
            f"/admin/styrdokument/atgarder/{action.id}/redigera",
            f"/admin/styrdokument/atgarder/{action.id}/ta-bort",
            f"/admin/styrdokument/{plan.id}/ta-bort",
            f"/styrdokument/{plan.id}", f"/atgarder/{action.id}"]


def _make_chain(norrby, admin, proposal_page: str, dialogue_page: str) -> list[str]:
    """A plan whose long action concerns Norrby, the admin is responsible for, and is
    linked to the proposal and the dialogue; returns the plan and action pages."""
    plan = plf.plan(title="Handlingsplan för levande landsbygd och föreningsliv " * 2)
    action = plf.action(plf.commitment(plan), text=LONG_TITLE + " och vidare till skolan",
                        progress=45, responsible_users=(admin,), communities=(norrby,))
    reference = proposal_page.rsplit("/", 1)[1]
    plf.proposal_link(db.session.scalars(select(Proposal).where(
        Proposal.reference == reference)).one(), action)
    plf.dialogue_link(db.session.get(Dialogue, int(dialogue_page.rsplit("/", 1)[1])), action)
    return [f"/styrdokument/{plan.id}", f"/atgarder/{action.id}"]


def _make_consultation(admin) -> tuple[list[str], list[str]]:
    """A SLUS in consultation with two versions, a long comment and a response;
    returns its public pages and its editor pages."""
    consultation = cf.consultation(plf.plan(title=LONG_TITLE, status="consultation",
                                            commit=False), free_sections=(LONG_TITLE,))
    first = cf.first_version(consultation)
    section = cf.sections(first)[1]
    cf.comment(section, body="https://example.org/en/mycket/lang/adress/utan/mellanrum")
    second = cf.version(consultation, copy_of=first, bodies={LONG_TITLE: LONG_TITLE * 3})
    draft = cf.version(consultation, copy_of=second, published=False, commit=True)
    club = of.organisation(admin, name="Föreningen för " + LONG_TITLE)
    response = cf.response(consultation, club, admin)
    base = f"/styrdokument/{consultation.plan_id}/samrad"
    public = [base, f"{base}/avsnitt/{section.id}", f"{base}/versioner/{first.id}",
              f"{base}/jamfor", f"{base}/yttranden/{response.id}"]
    editor = [f"{base}/yttrande", f"/admin/styrdokument/{consultation.plan_id}/samrad",
              f"/admin/styrdokument/samrad/versioner/{draft.id}"]
    return public, editor


def _check_fits(page) -> None:
    overflowing = page.evaluate(HORIZONTAL_OVERFLOW_JS)
    assert not overflowing, f"Wider than the screen on {page.url}: {overflowing}"
    small = page.evaluate(SMALL_TARGETS_JS)
    assert not small, f"Tap targets under 44 px on {page.url}:\n" + "\n".join(small)


@pytest.mark.parametrize("width", [320, 390])
def test_pages_fit_a_phone_screen(page, make, width):
    page.set_viewport_size({"width": width, "height": 800})
    norrby = make.community("Norrby", slug="norrby")
    make.community("Norrby strand med en lång lång lång namnsträng", parent=norrby)
    admin = make.user(Role.ADMIN, email="en.mycket.lang.adress.for.administratoren@example.org",
                      display_name="Administratör Med Ett Ganska Långt Namn")

    proposal_page = _make_proposals(norrby, admin)
    organisation_page, members_page = _make_organisations(norrby, admin)
    dialogue_page, dialogue_organiser_pages = _make_dialogues(norrby, admin)
    plan_pages = _make_plan(norrby, admin)
    chain_pages = _make_chain(norrby, admin, proposal_page, dialogue_page)
    link_pages = [f"{proposal_page}/koppla", f"{dialogue_page}/koppla"]
    consultation_pages, consultation_editor_pages = _make_consultation(admin)
    group_page, group_pages = _make_group(norrby, admin)

    for url in [*PUBLIC_PAGES, proposal_page, organisation_page, dialogue_page, *chain_pages,
                *consultation_pages, group_page]:
        page.goto(url)
        _check_fits(page)
    page.goto("/konto/registrera")
    submit(page)
    _check_fits(page)
    check_a11y(page)

    log_in(page, admin.email)
    for url in [*SIGNED_IN_PAGES, proposal_page, organisation_page, members_page,
                *dialogue_organiser_pages, *plan_pages, *chain_pages, *link_pages,
                *consultation_pages, *consultation_editor_pages, *group_pages]:
        page.goto(url)
        _check_fits(page)
    check_a11y(page)
    # The preview of a new proposal, with the similar proposals under it.
    page.goto("/forslag/nytt")
    page.fill("#title", LONG_TITLE)
    page.fill("#body", "En cykelväg längs ån.")
    page.select_option("#community", str(norrby.id))
    page.select_option("#theme", index=1)
    submit(page, "main form.proposal-form")
    assert page.locator("#preview-heading").count() == 1
    _check_fits(page)


def test_skip_link_is_out_of_sight_until_focused(page):
    page.goto("/")
    skip = page.locator(".skip-link")

    box = skip.bounding_box()
    assert box["y"] + box["height"] <= 0

    page.keyboard.press("Tab")
    box = skip.bounding_box()
    assert box["y"] >= 0


FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return [el.outerHTML.slice(0, 60), style.outlineStyle, parseFloat(style.outlineWidth)];
}"""


def test_keyboard_focus_is_always_visible(page):
    page.goto("/konto/logga-in")
    seen = set()

    for _ in range(30):
        page.keyboard.press("Tab")
        element, outline, width = page.evaluate(FOCUS_STYLE_JS)
        if element in seen:
            break
        seen.add(element)
        assert outline != "none" and width >= 2, f"No visible focus on {element}"
    assert len(seen) >= 8  # header, form fields and footer were all reached
