"""What organisations have contributed, counted by the areas that hold it.

Proposals, supports and (later) dialogue registrations live in areas above
this one, so each of them registers a counter here; the directory and the
organisation page show whatever the counters report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Counter = Callable[[list[int]], dict[int, int]]
_counters: list[tuple[str, object, Counter]] = []


def register_counter(key: str, label, counter: Counter) -> None:
    """`counter` takes organisation ids and returns {id: count} (missing = 0)."""
    if all(existing != key for existing, _label, _fn in _counters):
        _counters.append((key, label, counter))


def counts(organisation_ids: Iterable[int]) -> dict[int, list[tuple[object, int]]]:
    ids = list(organisation_ids)
    result: dict[int, list[tuple[object, int]]] = {i: [] for i in ids}
    if not ids:
        return result
    for _key, label, counter in _counters:
        found = counter(ids)
        for organisation_id in ids:
            result[organisation_id].append((label, found.get(organisation_id, 0)))
    return result
