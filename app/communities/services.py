"""Every write to local communities. Never commits."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.communities.models import LocalCommunity
from app.core import audit
from app.core.models import utcnow
from app.extensions import db


class CommunityError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def slugify(text: str) -> str:
    text = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:100] or "lokalsamhalle"


def _check_slug(slug: str, community: LocalCommunity | None) -> None:
    query = select(LocalCommunity.id).where(LocalCommunity.slug == slug)
    if community is not None and community.id is not None:
        query = query.where(LocalCommunity.id != community.id)
    if db.session.scalar(query) is not None:
        raise CommunityError(_("Another local community already uses this address name."),
                             field="slug")


def _check_parent(community: LocalCommunity | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = db.session.get(LocalCommunity, parent_id)
    if parent is None:
        raise CommunityError(_("Choose a local community from the list."), field="parent")
    seen = set()
    while parent is not None and community is not None and community.id is not None:
        if parent.id == community.id:
            raise CommunityError(_("A community cannot be part of itself."), field="parent")
        if parent.id in seen:
            break
        seen.add(parent.id)
        parent = parent.parent


def create_community(name: str, slug: str | None, description: str,
                     parent_id: int | None) -> LocalCommunity:
    slug = slug or slugify(name)
    _check_slug(slug, None)
    _check_parent(None, parent_id)
    position = (db.session.scalar(select(func.max(LocalCommunity.position))) or 0) + 1
    community = LocalCommunity(name=name.strip(), slug=slug, description=description,
                               parent_id=parent_id, position=position)
    db.session.add(community)
    db.session.flush()
    audit.record("community.created", "community", community.id, community.name)
    return community


def update_community(community: LocalCommunity, name: str, slug: str | None,
                     description: str, parent_id: int | None) -> None:
    slug = slug or slugify(name)
    _check_slug(slug, community)
    _check_parent(community, parent_id)
    community.name = name.strip()
    community.slug = slug
    community.description = description
    community.parent_id = parent_id
    audit.record("community.updated", "community", community.id, community.name)


def move_community(community: LocalCommunity, direction: str) -> None:
    """Swap places with the neighbour above or below in the public order."""
    ordered = list(db.session.scalars(
        select(LocalCommunity).where(LocalCommunity.archived_at.is_(None))
        .order_by(LocalCommunity.position, LocalCommunity.name)))
    for index, item in enumerate(ordered):
        item.position = index + 1
    if community not in ordered:
        return
    index = ordered.index(community)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = (
            ordered[other].position, ordered[index].position)
        audit.record("community.moved", "community", community.id, community.name,
                     details={"direction": direction})


def archive_community(community: LocalCommunity) -> None:
    if community.archived_at is None:
        community.archived_at = utcnow()
        audit.record("community.archived", "community", community.id, community.name)


def restore_community(community: LocalCommunity) -> None:
    if community.archived_at is not None:
        audit.record("community.restored", "community", community.id, community.name)
    community.archived_at = None
