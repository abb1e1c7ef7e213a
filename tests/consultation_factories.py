"""Factories for consultations: a plan in consultation with a published draft
(hostile HTML in the text fields)."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from app.accounts.models import User
from app.consultation.models import (
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionKind,
    VersionStatus,
)
from app.consultation.services import today
from app.core.models import utcnow
from app.extensions import db
from app.organisations.models import Organisation
from app.plans.models import Challenge, Plan, PlanKind, PlanStatus
from tests import plan_factories
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def consultation(plan: Plan | None = None, *, status: str = PlanStatus.CONSULTATION,
                 days_before: int = 5, days_after: int = 20, sections: int = 2,
                 free_sections: tuple[str, ...] = ("Vision",), published: bool = True,
                 commit: bool = True) -> Consultation:
    """A plan (SLUS) in consultation, open from `days_before` days ago to
    `days_after` days ahead, with version 1 (published unless told) that has a
    section per challenge and the given free sections."""
    plan = plan or plan_factories.plan(status=status, kind=PlanKind.SLUS, commit=False)
    for n in range(sections):
        db.session.add(Challenge(plan_id=plan.id, position=n + 1,
                                 title=f"Fokusområde {next(_sequence)}",
                                 description=f"Beskrivning {HOSTILE}"))
    db.session.flush()
    row = Consultation(plan_id=plan.id, starts_on=today() - timedelta(days=days_before),
                       ends_on=today() + timedelta(days=days_after))
    db.session.add(row)
    db.session.flush()
    version(row, published=published, free_sections=free_sections)
    if commit:
        db.session.commit()
    return row


def version(consultation_: Consultation, *, published: bool = True,
            free_sections: tuple[str, ...] = (), copy_of: DraftVersion | None = None,
            bodies: dict[str, str] | None = None, commit: bool = False) -> DraftVersion:
    """The next version: a copy of `copy_of` (with `bodies` by title replaced),
    or new sections for the plan's challenges and the free sections."""
    number = db.session.query(DraftVersion).filter_by(
        consultation_id=consultation_.id).count() + 1
    row = DraftVersion(consultation_id=consultation_.id, number=number,
                       status=VersionStatus.PUBLISHED if published else VersionStatus.DRAFT,
                       published_at=utcnow() if published else None,
                       note=f"Ändringar {HOSTILE}" if number > 1 else "")
    db.session.add(row)
    db.session.flush()
    bodies = bodies or {}
    if copy_of is not None:
        for old in db.session.query(DraftSection).filter_by(version_id=copy_of.id):
            db.session.add(DraftSection(
                version_id=row.id, lineage=old.lineage, kind=old.kind,
                challenge_id=old.challenge_id, position=old.position, title=old.title,
                body=bodies.get(old.title, old.body)))
    else:
        challenges = db.session.query(Challenge).filter_by(
            plan_id=consultation_.plan_id).order_by(Challenge.position).all()
        position = 0
        for title in free_sections:
            position += 1
            db.session.add(DraftSection(
                version_id=row.id, lineage=uuid.uuid4().hex, kind=SectionKind.FREE,
                position=position, title=title,
                body=bodies.get(title, f"Vi vill att bygden ska leva.\n\nStycke två. {HOSTILE}")))
        for challenge in challenges:
            position += 1
            db.session.add(DraftSection(
                version_id=row.id, lineage=uuid.uuid4().hex, kind=SectionKind.CHALLENGE,
                challenge_id=challenge.id, position=position, title=challenge.title,
                body=bodies.get(challenge.title, f"Text om {challenge.title}. {HOSTILE}")))
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def sections(version_: DraftVersion) -> list[DraftSection]:
    return db.session.query(DraftSection).filter_by(version_id=version_.id).order_by(
        DraftSection.position).all()


def first_version(consultation_: Consultation) -> DraftVersion:
    return db.session.query(DraftVersion).filter_by(
        consultation_id=consultation_.id).order_by(DraftVersion.number).first()


def comment(section: DraftSection, author: User | None = None, *, body: str | None = None,
            organisation: Organisation | None = None, group=None,
            commit: bool = True) -> SectionComment:
    from tests import factories

    author = author or factories.user(commit=False)
    db.session.flush()
    row = SectionComment(section_id=section.id, author_id=author.id,
                         organisation_id=organisation.id if organisation else None,
                         group_id=group.id if group else None,
                         body=body or f"Bra förslag! {HOSTILE}")
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def response(consultation_: Consultation, organisation: Organisation | None, author: User, *,
             body: str | None = None, group=None, version_: DraftVersion | None = None,
             commit: bool = True) -> ConsultationResponse:
    row = ConsultationResponse(consultation_id=consultation_.id,
                               organisation_id=organisation.id if organisation else None,
                               group_id=group.id if group else None,
                               version_id=version_.id if version_ else None,
                               author_id=author.id,
                               edited_by_id=author.id, body=body or f"Vårt yttrande. {HOSTILE}")
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row
