"""Words for the kinds of participants."""

from flask_babel import lazy_gettext as _l

ACTOR_LABELS = {
    "residents": _l("Residents"),
    "businesses": _l("Businesses"),
    "associations": _l("Associations"),
    "other_organisations": _l("Other organisations"),
}
