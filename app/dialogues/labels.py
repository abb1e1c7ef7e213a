"""Words shown for dialogue statuses, the participation ladder and target groups."""

from flask_babel import lazy_gettext as _l

from app.dialogues.models import DialogueStatus, ParticipationLevel, TargetGroup

STATUS_LABELS = {
    DialogueStatus.PLANNED: _l("Planned"),
    DialogueStatus.OPEN: _l("Open"),
    DialogueStatus.CLOSED: _l("Closed"),
    DialogueStatus.FEEDBACK_PUBLISHED: _l("Feedback published"),
}

STATUS_STYLES = {
    DialogueStatus.PLANNED: "muted",
    DialogueStatus.OPEN: "info",
    DialogueStatus.CLOSED: "warn",
    DialogueStatus.FEEDBACK_PUBLISHED: "ok",
}

LEVEL_LABELS = {
    ParticipationLevel.INFORMATION: _l("Information"),
    ParticipationLevel.CONSULTATION: _l("Consultation"),
    ParticipationLevel.DIALOGUE: _l("Dialogue"),
    ParticipationLevel.INFLUENCE: _l("Influence"),
    ParticipationLevel.CODETERMINATION: _l("Co-determination"),
}

# What a participant's say is worth on each step of the ladder.
LEVEL_EXPLANATIONS = {
    ParticipationLevel.INFORMATION: _l("The municipality tells you about a decision or plan. "
                                       "Your views are welcome but will not change it."),
    ParticipationLevel.CONSULTATION: _l("The municipality asks what you think before it "
                                        "decides. Your answers are weighed in, but the "
                                        "municipality decides."),
    ParticipationLevel.DIALOGUE: _l("You and the municipality talk the question through "
                                    "together, and the decision builds on what comes up."),
    ParticipationLevel.INFLUENCE: _l("Your proposals shape the alternatives the decision is "
                                     "made between."),
    ParticipationLevel.CODETERMINATION: _l("You decide together with the municipality, within "
                                           "the limits the municipality has set."),
}

TARGET_GROUP_LABELS = {
    TargetGroup.RESIDENTS: _l("Residents"),
    TargetGroup.ENTREPRENEURS: _l("Entrepreneurs"),
    TargetGroup.ASSOCIATIONS: _l("Associations"),
    TargetGroup.YOUNG: _l("Young people"),
    TargetGroup.SENIORS: _l("Older people"),
    TargetGroup.VISITORS: _l("Visitors"),
}
