"""Redacting a passage (e.g. personal data) from a proposal, a comment or an
organisation profile. Never commits.

The passage is replaced, wherever the item stores it, by a visible mark
"[redigerat av moderator]". The removed text is kept nowhere: not in the
item, its search index, the reasons and reports written about it, nor in
the audit log, which records only that a redaction happened and why.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core import audit, notifications
from app.core.notifications import Category
from app.extensions import db
from app.moderation.models import Report, ReportTarget
from app.moderation.services import KIND_LABELS_FOR_MAIL, Item, owner_ids
from app.proposals import search
from app.proposals.models import ProposalHistory

PASSAGE_MIN = 3
PASSAGE_MAX = 2000
REASON_MAX = 2000

# The item's own text fields, with the most characters each can hold.
FIELDS: dict[ReportTarget, tuple[tuple[str, int | None], ...]] = {
    ReportTarget.PROPOSAL: (("title", 120), ("body", None)),
    ReportTarget.COMMENT: (("body", None),),
    ReportTarget.SECTION_COMMENT: (("body", None),),
    ReportTarget.ORGANISATION: (("name", 120), ("description", None), ("role_text", None)),
}

# Texts written about the item by others (moderators, reporters) that may
# quote the passage; they are cleaned too, but do not count as finding it.
RELATED_FIELDS: dict[ReportTarget, tuple[str, ...]] = {
    ReportTarget.PROPOSAL: ("moderation_reason", "answer"),
    ReportTarget.COMMENT: ("hidden_reason",),
    ReportTarget.SECTION_COMMENT: ("hidden_reason",),
    ReportTarget.ORGANISATION: ("hidden_reason", "status_reason"),
}


class RedactionError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def mark() -> str:
    """The visible mark, always in Swedish: it is stored in the text itself."""
    with force_locale("sv"):
        return _("[redacted by a moderator]")


def field_labels() -> dict[str, str]:
    return {"title": _("Title"), "body": _("Text"), "name": _("Name"),
            "description": _("Description"), "role_text": _("Our role in the community")}


def _variants(passage: str) -> list[str]:
    """The passage as pasted and with the other kind of line break: browsers send
    CRLF from a text area, while stored text may have either."""
    unix = passage.replace("\r\n", "\n")
    return list(dict.fromkeys([passage, unix, unix.replace("\n", "\r\n")]))


def _replace(text: str | None, variants: list[str], replacement: str) -> tuple[str | None, int]:
    if not text:
        return text, 0
    found = 0
    for variant in variants:
        found += text.count(variant)
        text = text.replace(variant, replacement)
    return text, found


def _check(passage: str | None, reason: str | None) -> tuple[str, str]:
    passage = (passage or "").strip()
    reason = (reason or "").strip()
    if not passage:
        raise RedactionError(_("Paste the passage to remove."), field="passage")
    if len(passage) < PASSAGE_MIN:
        raise RedactionError(_("The passage needs at least %(min)s characters, so that "
                               "nothing else is removed by mistake.", min=PASSAGE_MIN),
                             field="passage")
    if len(passage) > PASSAGE_MAX:
        raise RedactionError(_("Write at most %(max)s characters.", max=PASSAGE_MAX),
                             field="passage")
    if passage in mark():
        raise RedactionError(_("That is part of the mark of an earlier redaction."),
                             field="passage")
    if not reason:
        raise RedactionError(_("Give a reason. The author will see it."), field="reason")
    if len(reason) > REASON_MAX:
        raise RedactionError(_("Write at most %(max)s characters.", max=REASON_MAX),
                             field="reason")
    return passage, reason


def redact(item: Item, moderator: User, passage: str | None, reason: str | None) -> int:
    """Replace every occurrence of the passage in the item; returns how many.

    Refused, with nothing changed, when the passage does not occur in the
    item's text or the result would not fit a field.
    """
    passage, reason = _check(passage, reason)
    if item.kind == ReportTarget.COMMENT and item.obj.is_deleted:
        raise RedactionError(_("The comment is deleted."))
    variants = _variants(passage)
    replacement = mark()
    labels = field_labels()
    changes: dict[str, str] = {}
    found = 0
    for name, limit in FIELDS[item.kind]:
        text, count = _replace(getattr(item.obj, name), variants, replacement)
        if not count:
            continue
        if limit is not None and len(text) > limit:
            raise RedactionError(_("With the mark in place, the %(field)s would be longer than "
                                   "%(max)s characters. Include more of it in the passage.",
                                   field=labels[name].lower(), max=limit), field="passage")
        changes[name] = text
        found += count
    if not found:
        raise RedactionError(_("The text does not contain that passage. Copy it exactly as "
                               "it stands in the text above."), field="passage")
    for name, text in changes.items():
        setattr(item.obj, name, text)
    _clean_related(item, variants, replacement)
    if item.kind == ReportTarget.PROPOSAL:
        search.index_proposal(item.obj)
        search.forget_removed_text()
    audit.record(f"{item.kind}.redacted", item.kind, item.audit_id, item.label,
                 reason=reason, actor=moderator,
                 details={"fields": sorted(changes), "occurrences": found})
    _tell_owners(item, reason)
    return found


def _clean_related(item: Item, variants: list[str], replacement: str) -> None:
    for name in RELATED_FIELDS[item.kind]:
        text, count = _replace(getattr(item.obj, name), variants, replacement)
        if count:
            setattr(item.obj, name, text)
    related = list(db.session.scalars(select(Report).where(
        Report.target_type == item.kind, Report.target_id == item.id)))
    if item.kind == ReportTarget.PROPOSAL:
        related += db.session.scalars(select(ProposalHistory).where(
            ProposalHistory.proposal_id == item.id))
    for row in related:
        attribute = "text" if isinstance(row, Report) else "reason"
        text, count = _replace(getattr(row, attribute), variants, replacement)
        if count:
            setattr(row, attribute, text)


def _tell_owners(item: Item, reason: str) -> None:
    """Like hiding, news about one's own content: a notification of that kind, so it
    is in the app and the e-mail carries the unsubscribe link."""
    users = db.session.scalars(select(User).where(User.id.in_(owner_ids(item)),
                                                  User.active.is_(True))).all()
    url = item.url(external=True)
    for user in users:
        with force_locale(user.locale):
            kind_label = str(KIND_LABELS_FOR_MAIL[item.kind]())
            redaction_mark = str(mark())
        notifications.notify(
            user, Category.MY_PROPOSALS, "content_redacted",
            subject=lambda: _("A moderator has removed a passage from your content"),
            template="content_redacted", url=url, item=item, kind_label=kind_label,
            reason=reason, mark=redaction_mark)
