"""Page sections that higher areas add to lower areas' pages.

Areas depend downward (communities ← organisations ← proposals ← …), so a
community or organisation page cannot import what proposals or dialogues
show on it. Instead, each higher area registers a provider for a named slot;
the page renders whatever the providers return for its object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any], "Section | None"]
_providers: dict[str, list[tuple[int, Provider]]] = defaultdict(list)


def register(slot: str, provider: Provider, order: int = 100) -> None:
    """Add a provider; sections are shown by `order`, lowest first."""
    if all(existing is not provider for _order, existing in _providers[slot]):
        _providers[slot].append((order, provider))
        _providers[slot].sort(key=lambda pair: pair[0])


def sections_for(slot: str, obj: Any) -> list[Section]:
    return [section for _order, provider in _providers[slot]
            if (section := provider(obj)) is not None]


# Single functions a higher area provides for a lower one to call, such as
# "is this dialogue open for proposals?" asked by the proposal form.
_functions: dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> None:
    _functions[name] = function


def call(name: str, *args: Any, default: Any = None) -> Any:
    function = _functions.get(name)
    return function(*args) if function is not None else default
