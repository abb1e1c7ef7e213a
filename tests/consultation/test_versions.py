"""Earlier versions and the difference between two versions, paragraph by
paragraph, marked with words and <ins>/<del>, not colour alone."""

from __future__ import annotations

from types import SimpleNamespace

from app.consultation.diff import Change, compare, paragraphs
from tests.consultation.helpers import draft_url


def _section(lineage, title, body):
    return SimpleNamespace(lineage=lineage, title=title, body=body)


def test_paragraphs_are_split_on_blank_lines():
    assert paragraphs("Ett.\n\n  \nTvå\nrader.\r\n\r\nTre.") == ["Ett.", "Två\nrader.", "Tre."]
    assert paragraphs("") == []


def test_compare_pairs_sections_and_marks_paragraphs():
    old = [_section("a", "Vision", "Ett.\n\nTvå."), _section("b", "Bort", "Borta."),
           _section("c", "Samma", "Lika.")]
    new = [_section("c", "Samma", "Lika."), _section("a", "Vår vision", "Ett.\n\nTre."),
           _section("d", "Ny", "Nytt.")]

    same, vision, added, removed = compare(old, new)

    assert (same.title, same.change, same.paragraphs[0].change) == ("Samma", Change.SAME,
                                                                    Change.SAME)
    assert (vision.change, vision.old_title) == (Change.CHANGED, "Vision")
    assert [(p.change, p.text) for p in vision.paragraphs] == [
        (Change.SAME, "Ett."), (Change.REMOVED, "Två."), (Change.ADDED, "Tre.")]
    assert (vision.added, vision.removed) == (1, 1)
    assert (added.title, added.change) == ("Ny", Change.ADDED)
    assert (removed.title, removed.change, removed.paragraphs[0].change) == (
        "Bort", Change.REMOVED, Change.REMOVED)


def test_anyone_compares_two_published_versions(client, cf):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    challenge = cf.sections(first)[1].title
    cf.version(consultation, copy_of=first, commit=True, bodies={
        "Vision": "Vi vill att bygden ska leva.\n\nEtt nytt stycke om <b>skolan</b>."})

    html = client.get(f"{draft_url(consultation)}/jamfor").get_data(as_text=True)

    assert "Från version 1 till version 2" in html
    assert '<p class="diff-label"><span aria-hidden="true">+ </span>Tillagt</p>' in html
    assert '<span aria-hidden="true">− </span>Borttaget' in html
    assert "<ins class=\"prose\"><p>Ett nytt stycke om &lt;b&gt;skolan&lt;/b&gt;.</p>" in html
    assert "<del class=\"prose\">" in html
    assert html.count("Inga ändringar") == 2 and challenge in html
    assert "<b>skolan" not in html


def test_a_version_is_readable_and_links_to_its_difference(client, cf):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    second = cf.version(consultation, copy_of=first, commit=True, bodies={"Vision": "Ny."})
    html = client.get(f"{draft_url(consultation)}/versioner/{first.id}").get_data(as_text=True)
    assert "Det här är en tidigare version" in html and "Vi vill att bygden ska leva" in html
    newest = client.get(f"{draft_url(consultation)}/versioner/{second.id}").get_data(
        as_text=True)
    assert f"jamfor?fran={first.id}&amp;till={second.id}" in newest
    front = client.get(draft_url(consultation)).get_data(as_text=True)
    assert "Alla versioner" in front and "Se vad som ändrats sedan förra versionen" in front


def test_compare_refuses_unknown_or_foreign_versions(client, cf):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    second = cf.version(consultation, copy_of=first, commit=True)
    foreign = cf.first_version(cf.consultation())
    base = f"{draft_url(consultation)}/jamfor"
    assert client.get(f"{base}?fran={foreign.id}&till={second.id}").status_code == 404
    assert client.get(f"{base}?fran=abc&till={second.id}").status_code == 404
    same = client.get(f"{base}?fran={first.id}&till={first.id}").get_data(as_text=True)
    assert "Välj två olika versioner" in same
    assert client.get(f"{draft_url(consultation)}/versioner/{foreign.id}").status_code == 404


def test_with_one_version_there_is_nothing_to_compare(client, cf):
    consultation = cf.consultation()
    html = client.get(f"{draft_url(consultation)}/jamfor").get_data(as_text=True)
    assert "Det finns bara en version" in html


def test_unpublished_versions_are_left_out_for_the_public(client, cf, login_as, moderator):
    consultation = cf.consultation()
    draft = cf.version(consultation, published=False, copy_of=cf.first_version(consultation),
                       commit=True)
    base = f"{draft_url(consultation)}/jamfor"
    assert client.get(f"{base}?till={draft.id}").status_code == 404
    html = login_as(moderator).get(base).get_data(as_text=True)
    assert "Från version 1 till version 2" in html and "inte publicerad" in html
