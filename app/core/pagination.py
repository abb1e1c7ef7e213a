"""A page of results, for lists whose total is already known."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import request


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def page_number(name: str = "page") -> int:
    """The page asked for in the query string; 1 when it is missing, not a
    number or absurdly large (the lists clamp it to their last page)."""
    value = request.args.get(name, "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1
