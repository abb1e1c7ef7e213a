"""A person's own data across areas: what to export, and how to erase it.

Accounts sit below every area that keeps something about a person, so they
cannot import those areas. Instead each area registers here, when its
services are imported:

- an exporter: `register_exporter("proposals", fn)`, where `fn(user)` returns
  JSON-ready data for the download of "Mina uppgifter";
- a check: `register_check(fn)`, where `fn(user)` returns the reasons (for
  the user) why the account cannot be deleted yet, e.g. an organisation that
  would be left without an administrator;
- an eraser: `register_eraser(fn, order)`, where `fn(user)` removes or
  anonymises the area's personal data in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_exporters: dict[str, Callable[[Any], Any]] = {}
_checks: list[Callable[[Any], list[str]]] = []
_erasers: list[tuple[int, Callable[[Any], None]]] = []


def register_exporter(key: str, exporter: Callable[[Any], Any]) -> None:
    _exporters[key] = exporter


def register_check(check: Callable[[Any], list[str]]) -> None:
    if check not in _checks:
        _checks.append(check)


def register_eraser(eraser: Callable[[Any], None], order: int = 100) -> None:
    """Erasers run lowest `order` first; the account itself is erased last."""
    if all(existing is not eraser for _order, existing in _erasers):
        _erasers.append((order, eraser))
        _erasers.sort(key=lambda pair: pair[0])


def export(user: Any) -> dict[str, Any]:
    return {key: exporter(user) for key, exporter in sorted(_exporters.items())}


def obstacles(user: Any) -> list[str]:
    return [reason for check in _checks for reason in check(user)]


def erase(user: Any) -> None:
    for _order, eraser in _erasers:
        eraser(user)


def iso(value) -> str | None:
    """Dates and times as ISO 8601 text in the export."""
    return value.isoformat() if value is not None else None
