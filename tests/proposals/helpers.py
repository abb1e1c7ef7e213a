"""Helpers shared by the proposal tests."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable

from markupsafe import escape

from app.extensions import db


def key() -> str:
    """A fresh submission key, as the form would carry."""
    return secrets.token_urlsafe(24)


def reload(obj):
    """Read a row again after a request changed it in its own session."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def run_in_parallel(app, workers: list[Callable[[], object]]) -> list[object]:
    """Run each worker in its own thread, app context and database session.

    On PostgreSQL the threads are released together by a barrier so their
    transactions really overlap. SQLite has one writer at a time, so there the
    workers run one after the other (still each in its own session).
    """
    # Give the test's own connection back first, so that disposing of the pool
    # afterwards closes every connection the threads opened (an unclosed one
    # is a ResourceWarning, which the suite treats as an error).
    db.session.commit()
    results: list[object] = [None] * len(workers)
    errors: list[BaseException] = []
    parallel = is_postgres()
    barrier = threading.Barrier(len(workers)) if parallel else None

    def run(index: int, worker: Callable[[], object]) -> None:
        try:
            with app.app_context():
                if barrier is not None:
                    barrier.wait(timeout=10)
                try:
                    results[index] = worker()
                finally:
                    db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    if parallel:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        for thread in threads:
            thread.start()
            thread.join(timeout=60)
    db.engine.dispose()
    if errors:
        raise errors[0]
    return results


def option_count(html: str, name: str, value: str) -> int | None:
    """The count shown in brackets after an option of a filter select."""
    select = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', html, re.S)
    if select is None:
        return None
    option = re.search(rf'<option value="{re.escape(value)}"[^>]*>[^<]*\((\d+)\)</option>',
                       select.group(1))
    return int(option.group(1)) if option else None


def shown(text: str) -> str:
    """How a plain text appears in the HTML, escaped by Jinja."""
    return str(escape(text))


# Raw forms of the hostile markup the factories and tests put in text fields.
UNSAFE = ("<script>alert", "<img src=x", "<script>x", "<b>fet</b>", "<b>nu</b>",
          "<script>t</script>", "onerror=alert(1)>")


def assert_safe(html: str) -> None:
    """None of the hostile markup reached the page unescaped."""
    for raw in UNSAFE:
        assert raw not in html, f"unescaped {raw!r} in the page"
