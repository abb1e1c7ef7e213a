"""What came in during a consultation and how it was handled: the material of
the moderators' handling page and of the consultation report
(samrådsredogörelse), read in a fixed number of queries.

Each section comment and each consultation response is an `Item`, with the
section it is about (by lineage, titled as in the newest version), who it is
from, the participant type and local communities it is counted under, and
its handling.

Participant types are those of the statistics page (app/stats/figures.py): a
person acting as themself is a resident, an organisation counts by its kind;
a local development group is a type of its own. Local communities: a
resident's home community, an organisation's communities (one organisation
active in several communities counts in each), a group's community.
Hidden comments are counted too: the person took part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.consultation.models import (
    Consultation,
    ConsultationReport,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    InputHandling,
    Outcome,
    SectionComment,
    VersionStatus,
)
from app.extensions import db
from app.groups.models import LocalGroup
from app.organisations.models import Organisation, OrganisationKind

COMMENT, RESPONSE = "comment", "response"

RESIDENTS, LOCAL_GROUPS = "residents", "local_groups"
PARTICIPANT_TYPES = (RESIDENTS, "businesses", "associations", "other_organisations",
                     LOCAL_GROUPS)
_KIND_TO_TYPE = {OrganisationKind.COMPANY.value: "businesses",
                 OrganisationKind.ASSOCIATION.value: "associations",
                 OrganisationKind.OTHER.value: "other_organisations"}
PARTICIPANT_LABELS = {
    RESIDENTS: _l("Residents"),
    "businesses": _l("Businesses"),
    "associations": _l("Associations"),
    "other_organisations": _l("Other organisations"),
    LOCAL_GROUPS: _l("Local development groups"),
}
OUTCOME_LABELS = {
    Outcome.INCORPORATED: _l("Incorporated"),
    Outcome.PARTLY_INCORPORATED: _l("Partly incorporated"),
    Outcome.NOT_INCORPORATED: _l("Not incorporated"),
    Outcome.NOTED: _l("Noted"),
}
OUTCOME_STYLES = {Outcome.INCORPORATED: "ok", Outcome.PARTLY_INCORPORATED: "info",
                  Outcome.NOT_INCORPORATED: "muted", Outcome.NOTED: "muted"}
NO_COMMUNITY = None


@dataclass
class Item:
    kind: str                     # COMMENT or RESPONSE
    row: SectionComment | ConsultationResponse
    lineage: str | None           # the section (None: a response on the whole draft)
    version_number: int           # the version it was written on (0: unknown)
    participant_type: str
    participant: tuple[str, int]  # who, counted once: ("user"|"organisation"|"group", id)
    communities: list[tuple[int | None, str]]
    handling: InputHandling | None = None

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def anchor(self) -> str:
        return f"{'kommentar' if self.kind == COMMENT else 'yttrande'}-{self.row.id}"

    @property
    def is_hidden(self) -> bool:
        return self.kind == COMMENT and self.row.is_hidden

    def _collective_name(self) -> str | None:
        """The group's or organisation's name; None for a private person."""
        row = self.row
        if row.group is not None:
            return row.group.name
        if row.organisation is not None:
            return row.organisation.name
        if self.kind == RESPONSE:
            return str(_l("a deleted organisation"))
        return None

    @property
    def sender_name(self) -> str:
        author = self.row.author
        return self._collective_name() or (
            author.display_name if author else str(_l("Deleted user")))

    @property
    def public_name(self) -> str:
        """Who the report names: organisations and groups by name, private
        persons only as residents (the comment pages keep their names)."""
        return self._collective_name() or str(_l("A resident"))

    @property
    def community_names(self) -> str:
        return ", ".join(name for key, name in self.communities if key is not NO_COMMUNITY) \
            or str(_l("No local community given"))

    def written_by(self, user_id: int) -> bool:
        if self.kind == COMMENT:
            return self.row.author_id == user_id
        return user_id in (self.row.author_id, self.row.edited_by_id)


@dataclass
class SectionGroup:
    """The items about one section (or, with `lineage` None, the responses)."""

    lineage: str | None
    title: str
    current: DraftSection | None  # the section in the newest version, to link to
    items: list[Item] = field(default_factory=list)


@dataclass
class Counts:
    participants: int = 0
    comments: int = 0
    responses: int = 0


@dataclass
class Material:
    consultation: Consultation
    versions: list[DraftVersion]
    sections: dict[int, DraftSection]          # every section of every published version
    groups: list[SectionGroup]
    report: ConsultationReport | None

    @property
    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]

    @property
    def unhandled(self) -> int:
        return sum(1 for item in self.items if item.handling is None)

    def later_sections(self, item: Item) -> list[DraftSection]:
        """Sections of versions published after the one the item was written on."""
        later = [v for v in self.versions if v.number > item.version_number]
        return [s for v in later for s in v.sections]

    def by_type(self) -> dict[str, Counts]:
        return _count(self.items, lambda item: [item.participant_type], PARTICIPANT_TYPES)

    def by_community(self) -> list[tuple[str | None, Counts]]:
        names = {key: name for item in self.items for key, name in item.communities}
        counted = _count(self.items, lambda item: [key for key, _name in item.communities])
        ordered = sorted((key for key in counted if key is not NO_COMMUNITY),
                         key=lambda key: names[key].casefold())
        if NO_COMMUNITY in counted:
            ordered.append(NO_COMMUNITY)
        return [(None if key is NO_COMMUNITY else names[key], counted[key]) for key in ordered]

    def by_outcome(self) -> dict[str, int]:
        result = {outcome.value: 0 for outcome in Outcome}
        for item in self.items:
            if item.handling is not None:
                result[item.handling.outcome] = result.get(item.handling.outcome, 0) + 1
        return result

    def totals(self) -> Counts:
        items = self.items
        return Counts(participants=len({item.participant for item in items}),
                      comments=sum(1 for item in items if item.kind == COMMENT),
                      responses=sum(1 for item in items if item.kind == RESPONSE))

    def own(self, user_id: int) -> list[Item]:
        return [item for item in self.items if item.written_by(user_id)]


def _count(items: list[Item], keys_of, order=()) -> dict:
    counts = {key: Counts() for key in order}
    who: dict = defaultdict(set)
    for item in items:
        for key in keys_of(item):
            entry = counts.setdefault(key, Counts())
            who[key].add(item.participant)
            if item.kind == COMMENT:
                entry.comments += 1
            else:
                entry.responses += 1
    for key, people in who.items():
        counts[key].participants = len(people)
    return counts


def _participant(row, author: User | None) -> tuple[str, tuple[str, int],
                                                     list[tuple[int | None, str]]]:
    group: LocalGroup | None = row.group
    organisation: Organisation | None = row.organisation
    if group is not None:
        return LOCAL_GROUPS, ("group", group.id), [(group.community.id, group.community.name)]
    if organisation is not None:
        communities = [(c.id, c.name) for c in organisation.communities] or \
            [(NO_COMMUNITY, "")]
        return (_KIND_TO_TYPE.get(organisation.kind, "other_organisations"),
                ("organisation", organisation.id), communities)
    home = author.home_community if author is not None else None
    person = ("user", author.id if author is not None else -row.id)
    return RESIDENTS, person, [(home.id, home.name) if home else (NO_COMMUNITY, "")]


def sender_options(model) -> tuple:
    return (joinedload(model.author).selectinload(User.home_community),
            joinedload(model.group).joinedload(LocalGroup.community),
            joinedload(model.organisation).selectinload(Organisation.communities))


def build(consultation: Consultation) -> Material:
    versions = list(db.session.scalars(
        select(DraftVersion).options(selectinload(DraftVersion.sections))
        .where(DraftVersion.consultation_id == consultation.id,
               DraftVersion.status == VersionStatus.PUBLISHED)
        .order_by(DraftVersion.number)))
    sections = {s.id: s for v in versions for s in v.sections}
    number_of = {v.id: v.number for v in versions}
    comments = db.session.scalars(
        select(SectionComment).options(*sender_options(SectionComment))
        .join(DraftSection, DraftSection.id == SectionComment.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .where(DraftVersion.consultation_id == consultation.id,
               DraftVersion.status == VersionStatus.PUBLISHED)
        .order_by(SectionComment.created_at, SectionComment.id)).unique().all()
    responses = db.session.scalars(
        select(ConsultationResponse).options(*sender_options(ConsultationResponse))
        .where(ConsultationResponse.consultation_id == consultation.id)
        .order_by(ConsultationResponse.created_at, ConsultationResponse.id)).unique().all()
    handlings = db.session.scalars(
        select(InputHandling).options(joinedload(InputHandling.handled_by))
        .where(InputHandling.consultation_id == consultation.id)).all()
    by_comment = {h.comment_id: h for h in handlings if h.comment_id}
    by_response = {h.response_id: h for h in handlings if h.response_id}

    newest = versions[-1].sections if versions else []
    groups: dict[str | None, SectionGroup] = {
        s.lineage: SectionGroup(s.lineage, s.title, s) for s in newest}
    # Sections only in older versions come after, titled as they were last.
    for version in reversed(versions[:-1]):
        for s in version.sections:
            groups.setdefault(s.lineage, SectionGroup(s.lineage, s.title, None))
    for comment in comments:
        section = sections[comment.section_id]
        kind, who, communities = _participant(comment, comment.author)
        groups[section.lineage].items.append(Item(
            COMMENT, comment, section.lineage, number_of[section.version_id], kind, who,
            communities, by_comment.get(comment.id)))
    response_group = SectionGroup(None, str(_l("Consultation responses on the whole draft")),
                                  None)
    for response in responses:
        kind, who, communities = _participant(response, response.author)
        response_group.items.append(Item(
            RESPONSE, response, None, number_of.get(response.version_id, 0), kind, who,
            communities, by_response.get(response.id)))
    report = db.session.scalars(select(ConsultationReport).where(
        ConsultationReport.consultation_id == consultation.id)).first()
    return Material(consultation, versions, sections,
                    [*groups.values(), response_group], report)
