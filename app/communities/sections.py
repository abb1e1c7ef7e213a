"""Sections that higher areas add to a community's page.

The communities area sits below proposals, dialogues and plans, so it cannot
import them; instead each of those areas registers a provider here that
returns the template and context of its section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.communities.models import LocalCommunity


@dataclass
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_providers: list[Callable[[LocalCommunity], Section | None]] = []


def register(provider: Callable[[LocalCommunity], Section | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections_for(community: LocalCommunity) -> list[Section]:
    return [section for provider in _providers
            if (section := provider(community)) is not None]
