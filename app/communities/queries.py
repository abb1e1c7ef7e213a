"""Reading local communities."""

from flask import abort
from sqlalchemy import select

from app.communities.models import LocalCommunity, Theme
from app.extensions import db


def active_communities() -> list[LocalCommunity]:
    return list(db.session.scalars(
        select(LocalCommunity)
        .where(LocalCommunity.archived_at.is_(None))
        .order_by(LocalCommunity.position, LocalCommunity.name)
    ))


def all_communities() -> list[LocalCommunity]:
    return list(db.session.scalars(
        select(LocalCommunity).order_by(LocalCommunity.archived_at.is_not(None),
                                        LocalCommunity.position, LocalCommunity.name)
    ))


def community_select_choices() -> list[tuple[str, str]]:
    return [(str(c.id), c.name) for c in active_communities()]


def community_by_slug(slug: str) -> LocalCommunity | None:
    return db.session.scalars(select(LocalCommunity).where(LocalCommunity.slug == slug)).first()


def community_or_404(slug: str) -> LocalCommunity:
    community = community_by_slug(slug)
    if community is None:
        abort(404)
    return community


def active_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.archived_at.is_(None))
                                   .order_by(Theme.position, Theme.name)))


def all_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.archived_at.is_not(None),
                                                          Theme.position, Theme.name)))
