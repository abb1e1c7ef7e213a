"""Opaque, signed cursors for keyset pagination.

A cursor holds the sort key and id of the last item of a page, signed with the
app's secret so that a changed or made-up cursor is refused (400) rather than
read. Pages are cut with `WHERE (key, id) < (last key, last id)` instead of
OFFSET: a page costs the same however deep, and items added while a client
pages through do not shift the pages it has not read yet. The id breaks ties,
so items with equal sort keys are neither repeated nor skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_

from app.api.errors import bad_parameter
from app.api.params import MAX_ID, raw

SALT = "inflytande-api-cursor"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def make(kind: str, value: Any, last_id: int) -> str:
    return _serializer().dumps({"k": kind, "v": _encode_value(value), "i": last_id})


def read(kind: str, value_type: type | None) -> tuple[Any, int] | None:
    """The (key value, id) of the request's `cursor`, None without one.

    `kind` names the list and its order; a cursor of another list or order is
    refused like a tampered one. `value_type` is the sort key's type (None
    when the list is ordered by id alone).
    """
    token = raw("cursor")
    if token is None:
        return None
    invalid = bad_parameter("cursor", _("The cursor is not valid. Start again from the first "
                                        "page without a cursor."))
    if len(token) > 500:
        raise invalid
    try:
        payload = _serializer().loads(token)
    except (BadSignature, ValueError, UnicodeDecodeError) as error:
        raise invalid from error
    if not isinstance(payload, dict) or payload.get("k") != kind:
        raise invalid
    last_id, value = payload.get("i"), payload.get("v")
    if type(last_id) is not int or not 0 < last_id <= MAX_ID:
        raise invalid
    try:
        value = _decode_value(value, value_type)
    except (TypeError, ValueError) as error:
        raise invalid from error
    return value, last_id


def _decode_value(value: Any, value_type: type | None) -> Any:
    if value is None or value_type is None:
        return None
    if value_type is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed
    if type(value) is not value_type:
        raise TypeError(value)
    return value


def after(key, key_value, id_column, last_id: int, nullable: bool):
    """Rows after (key_value, last_id) in the order `key DESC NULLS LAST, id DESC`."""
    if key is None:
        return id_column < last_id
    if key_value is None:
        return and_(key.is_(None), id_column < last_id)
    clause = or_(key < key_value, and_(key == key_value, id_column < last_id))
    return or_(clause, key.is_(None)) if nullable else clause
