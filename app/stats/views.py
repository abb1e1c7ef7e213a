"""The public statistics page (/statistik)."""

from __future__ import annotations

from flask import render_template, request

from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, requires
from app.site.services import get_settings
from app.stats import bp, presentation, snapshot
from app.stats.forms import PeriodForm
from app.stats.period import today


@bp.route("/statistik")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def statistics():
    form = PeriodForm(request.args)
    this_year = today().year
    form.year.choices = [("", "—")] + [(str(year), str(year))
                                       for year in range(this_year, this_year - 10, -1)]
    period = form.period()
    if period is not None and period.year and str(period.year) not in dict(form.year.choices):
        form.year.choices.append((str(period.year), str(period.year)))
    if period is None:
        return render_template("stats/statistics.html", stats=None, form=form), 400
    figures, age_seconds = snapshot.statistics(period)
    if period.year is None:
        form.start.data, form.end.data = period.first_day.isoformat(), period.last_day.isoformat()
    return render_template("stats/statistics.html", stats=figures,
                           page=presentation.page(figures),
                           answer_days=get_settings().answer_days, form=form,
                           update_minutes=-(-age_seconds // 60))
