"""Words shown for statuses and decisions."""

from flask_babel import lazy_gettext as _l

from app.core.permissions import Role
from app.proposals.models import Decision, ProposalStatus

STATUS_LABELS = {
    ProposalStatus.SUBMITTED: _l("Submitted"),
    ProposalStatus.PUBLISHED: _l("Published"),
    ProposalStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    ProposalStatus.ANSWERED: _l("Answered"),
    ProposalStatus.IMPLEMENTED: _l("Implemented"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
    ProposalStatus.HIDDEN: _l("Hidden"),
}

STATUS_HINTS = {
    ProposalStatus.SUBMITTED: _l("Waiting for a democracy developer to review it before it is "
                                 "published."),
    ProposalStatus.PUBLISHED: _l("Public: others can support and comment on it."),
    ProposalStatus.UNDER_CONSIDERATION: _l("The municipality is preparing an answer."),
    ProposalStatus.ANSWERED: _l("The municipality has answered."),
    ProposalStatus.IMPLEMENTED: _l("What was proposed has been done."),
    ProposalStatus.WITHDRAWN: _l("The author withdrew the proposal."),
    ProposalStatus.HIDDEN: _l("Hidden by a moderator."),
}

DECISION_LABELS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.PARTLY_ACCEPTED: _l("Partly accepted"),
    Decision.REJECTED: _l("Not accepted"),
    Decision.ALREADY_UNDER_WAY: _l("Already under way"),
}

# Badge styles: the word is always shown, colour only reinforces it.
STATUS_STYLES = {
    ProposalStatus.SUBMITTED: "muted",
    ProposalStatus.PUBLISHED: "info",
    ProposalStatus.UNDER_CONSIDERATION: "warn",
    ProposalStatus.ANSWERED: "ok",
    ProposalStatus.IMPLEMENTED: "ok",
    ProposalStatus.WITHDRAWN: "muted",
    ProposalStatus.HIDDEN: "muted",
}

SORTS = {
    "newest": _l("Newest"),
    "supports": _l("Most supported"),
    "comments": _l("Most commented"),
    "answered": _l("Recently answered"),
}

# Who answered, as the proposal page names their role.
ANSWERER_LABELS = {
    Role.MODERATOR: _l("Democracy developer"),
    Role.OFFICIAL: _l("Official"),
    Role.ADMIN: _l("Administrator"),
}
