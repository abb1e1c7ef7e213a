"""Words shown for organisation types, roles and verification."""

from flask_babel import lazy_gettext as _l

from app.organisations.models import MemberRole, OrganisationKind, VerificationStatus

KIND_LABELS = {
    OrganisationKind.COMPANY: _l("Business"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.OTHER: _l("Other organisation"),
}

ROLE_LABELS = {
    MemberRole.ADMIN: _l("Administrator"),
    MemberRole.MEMBER: _l("Member"),
}

STATUS_LABELS = {
    VerificationStatus.UNVERIFIED: _l("Not verified"),
    VerificationStatus.VERIFIED: _l("Verified"),
    VerificationStatus.REFUSED: _l("Not approved"),
}
