"""Municipality settings and accessibility reports. Never commits."""

from __future__ import annotations

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core import audit
from app.core.mail import queue_mail
from app.core.permissions import Role
from app.extensions import db
from app.site.models import AccessibilityReport, MunicipalitySettings

SETTINGS_ID = 1


def get_settings() -> MunicipalitySettings:
    """The settings row, or unsaved defaults until an admin saves the form."""
    if "municipality_settings" in g:
        return g.municipality_settings
    settings = db.session.get(MunicipalitySettings, SETTINGS_ID)
    if settings is None:
        settings = MunicipalitySettings(
            id=SETTINGS_ID, name=current_app.config["MUNICIPALITY_NAME"],
            introduction="", contact="", privacy_policy="", accessibility_statement="",
            premoderation=True, support_threshold=100, support_window_days=60,
            threshold_counts_organisations=False, report_threshold=3,
            answer_days=90, answer_clock_basis="published")
    g.municipality_settings = settings
    return settings


def _stored_settings() -> MunicipalitySettings:
    settings = db.session.get(MunicipalitySettings, SETTINGS_ID)
    if settings is None:
        defaults = get_settings()
        settings = MunicipalitySettings(
            id=SETTINGS_ID, name=defaults.name, introduction="", contact="",
            privacy_policy="", accessibility_statement="", premoderation=True,
            support_threshold=100, support_window_days=60,
            threshold_counts_organisations=False, report_threshold=3,
            answer_days=90, answer_clock_basis="published")
        db.session.add(settings)
    return settings


def update_settings(name: str, introduction: str, contact: str, privacy_policy: str,
                    accessibility_statement: str) -> MunicipalitySettings:
    settings = _stored_settings()
    settings.name = name
    settings.introduction = introduction
    settings.contact = contact
    settings.privacy_policy = privacy_policy
    settings.accessibility_statement = accessibility_statement
    g.municipality_settings = settings
    audit.record("settings.updated", "settings", SETTINGS_ID, name)
    return settings


def update_participation_settings(premoderation: bool, support_threshold: int,
                                  support_window_days: int,
                                  threshold_counts_organisations: bool = False,
                                  report_threshold: int | None = None,
                                  answer_days: int | None = None,
                                  answer_clock_basis: str | None = None,
                                  ) -> MunicipalitySettings:
    settings = _stored_settings()
    if report_threshold is not None:
        settings.report_threshold = report_threshold
    if answer_days is not None:
        settings.answer_days = answer_days
    if answer_clock_basis is not None:
        settings.answer_clock_basis = answer_clock_basis
    settings.threshold_counts_organisations = threshold_counts_organisations
    settings.premoderation = premoderation
    settings.support_threshold = support_threshold
    settings.support_window_days = support_window_days
    g.municipality_settings = settings
    audit.record("participation_settings.updated", "settings", SETTINGS_ID, settings.name,
                 details={"premoderation": premoderation, "support_threshold": support_threshold,
                          "support_window_days": support_window_days,
                          "threshold_counts_organisations": threshold_counts_organisations,
                          "report_threshold": settings.report_threshold,
                          "answer_days": settings.answer_days,
                          "answer_clock_basis": settings.answer_clock_basis})
    return settings


def report_accessibility_problem(description: str, page_url: str, contact_email: str | None,
                                 reporter: User | None) -> AccessibilityReport:
    report = AccessibilityReport(description=description, page_url=page_url or "",
                                 contact_email=contact_email or None,
                                 reporter_id=reporter.id if reporter else None)
    db.session.add(report)
    db.session.flush()
    admins = db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True))).all()
    for admin in admins:
        with force_locale(admin.locale):
            body = render_template("mail/accessibility_report.txt", report=report)
            queue_mail(admin.email, _("Accessibility problem reported"), body,
                       kind="accessibility_report")
    return report
