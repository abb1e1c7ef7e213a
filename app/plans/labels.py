"""Words shown for plan kinds and statuses and action statuses."""

from flask_babel import lazy_gettext as _l

from app.plans.models import ActionStatus, PlanKind, PlanStatus

KIND_LABELS = {
    PlanKind.STRATEGY: _l("Strategy"),
    PlanKind.ACTION_PLAN: _l("Action plan"),
    PlanKind.SLUS: _l("Social local development strategy"),
    PlanKind.OTHER: _l("Other steering document"),
}

PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.CONSULTATION: _l("In consultation"),
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.EXPIRED: _l("Expired"),
}

ACTION_STATUS_LABELS = {
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.ONGOING: _l("Ongoing"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DELAYED: _l("Delayed"),
    ActionStatus.CANCELLED: _l("Cancelled"),
}

ACTION_STATUS_STYLES = {
    ActionStatus.PLANNED: "muted",
    ActionStatus.ONGOING: "info",
    ActionStatus.DONE: "ok",
    ActionStatus.DELAYED: "warn",
    ActionStatus.CANCELLED: "muted",
}
