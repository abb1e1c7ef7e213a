"""The statistics page's period: a year, or a first and last day (GET forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from app.core.forms import strip_filter
from app.stats.period import DATE_LENGTH, Period, PeriodError, resolve


class PeriodForm(FlaskForm):
    """Both of the page's forms in one: `year` in the first, the dates in the
    second. Checked by `period.resolve`, as the API checks the same values."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), validate_choice=False, filters=[strip_filter])
    start = StringField(_l("From"), filters=[strip_filter], render_kw={"type": "date"},
                        description=_l("The first day, e.g. 2026-01-31."))
    end = StringField(_l("To"), filters=[strip_filter], render_kw={"type": "date"},
                      description=_l("The last day, e.g. 2026-12-31."))

    def period(self) -> Period | None:
        """The chosen period, or None with the error set on its field."""
        values = [(self[name].data or "")[:DATE_LENGTH + 1] for name in ("start", "end", "year")]
        try:
            return resolve(*values)
        except PeriodError as error:
            self[error.field].errors = [error.message]
            return None
