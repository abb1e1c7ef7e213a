"""The public statistics page (/statistik)."""

from __future__ import annotations

from flask import current_app, render_template, request

from app.core.permissions import Permission, requires
from app.site.services import get_settings
from app.stats import bp, cache, presentation
from app.stats.forms import PeriodForm
from app.stats.period import today


@bp.route("/statistik")
@requires(Permission.PUBLIC)
def statistics():
    form = PeriodForm(request.args)
    this_year = today().year
    form.year.choices = [("", "—")] + [(str(year), str(year))
                                       for year in range(this_year, this_year - 10, -1)]
    period = form.period()
    context = {"form": form, "cache_minutes": current_app.config["STATS_CACHE_SECONDS"] // 60}
    if period is None:
        return render_template("stats/statistics.html", stats=None, **context), 400
    figures = cache.statistics(period)
    if period.year is None:
        form.start.data, form.end.data = period.first_day.isoformat(), period.last_day.isoformat()
    return render_template("stats/statistics.html", stats=figures,
                           page=presentation.page(figures),
                           answer_days=get_settings().answer_days, **context)
