"""The open-data page (/oppna-data) and its CSV files."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from limits import parse_many

from app.api import bp, csv_export
from app.api.views import rate_limited
from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, requires

LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"

FILES = {
    "proposals": ("api.proposals_csv", "forslag.csv"),
    "actions": ("api.actions_csv", "atgarder.csv"),
    "dialogues": ("api.dialogues_csv", "dialoger.csv"),
}


PERIODS = {"second": _l("second"), "minute": _l("minute"), "hour": _l("hour"),
           "day": _l("day")}


def rate_limit_text(limit: str) -> str:
    """"60 per minute" in words; the setting as written when it is unusual."""
    items = parse_many(limit)
    if len(items) != 1 or items[0].multiples != 1 \
            or items[0].GRANULARITY.name not in PERIODS:
        return limit
    return ngettext("%(num)s request per %(period)s", "%(num)s requests per %(period)s",
                    items[0].amount, period=PERIODS[items[0].GRANULARITY.name])


@bp.route("/oppna-data")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def open_data():
    return render_template("api/open_data.html", summary=csv_export.summary(), files=FILES,
                           licence_url=LICENCE_URL,
                           rate_limit_text=rate_limit_text(
                               current_app.config["API_RATE_LIMIT"]),
                           proposal_columns=csv_export.PROPOSAL_COLUMNS,
                           action_columns=csv_export.ACTION_COLUMNS,
                           dialogue_columns=csv_export.DIALOGUE_COLUMNS)


def _csv(pieces: Iterator[bytes], filename: str) -> Response:
    response = Response(pieces, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/oppna-data/forslag.csv")
@requires(Permission.PUBLIC)
@rate_limited
def proposals_csv():
    return _csv(csv_export.proposals(), "forslag.csv")


@bp.route("/oppna-data/atgarder.csv")
@requires(Permission.PUBLIC)
@rate_limited
def actions_csv():
    return _csv(csv_export.actions(), "atgarder.csv")


@bp.route("/oppna-data/dialoger.csv")
@requires(Permission.PUBLIC)
@rate_limited
def dialogues_csv():
    return _csv(csv_export.dialogues(), "dialoger.csv")
