"""Front page, policy pages, language choice and the admin overview."""

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.communities.queries import active_communities
from app.core.forms import form_status
from app.core.i18n import LANGUAGE_COOKIE, supported_languages
from app.core.page_cache import cached_page, register_hole, resident
from app.core.permissions import Permission, requires
from app.core.sections import sections_for
from app.core.security import safe_next_url
from app.extensions import csrf, db
from app.site import bp, services
from app.site.forms import AccessibilityReportForm, SettingsForm
from app.site.models import AccessibilityReport


@bp.app_context_processor
def inject_municipality():
    return {"municipality": services.get_settings()}


@bp.app_template_global()
def municipality_signature() -> str:
    """The closing lines of every e-mail."""
    settings = services.get_settings()
    return f"{settings.name}\n{current_app.config['BASE_URL']}"


register_hole("signed_in_as", lambda: render_template("site/_signed_in_as.html"))


@bp.route("/")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def index():
    return render_template("site/index.html", communities=active_communities(),
                           sections=sections_for("front_page", None))


@bp.route("/personuppgifter")
@requires(Permission.PUBLIC)
def privacy():
    return render_template("site/privacy.html")


@bp.route("/tillganglighet", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def accessibility():
    form = AccessibilityReportForm()
    if request.method == "GET" and request.args.get("sida"):
        form.page_url.data = request.args.get("sida", "")[:500]
    if form.validate_on_submit():
        reporter = current_user if current_user.is_authenticated else None
        services.report_accessibility_problem(form.description.data, form.page_url.data,
                                              form.contact_email.data, reporter)
        db.session.commit()
        flash(_("Thank you for telling us! The administrators have received your report."),
              "success")
        return redirect(url_for("site.accessibility"))
    return render_template("site/accessibility.html", form=form), form_status(form)


@bp.route("/sprak", methods=["POST"])
@csrf.exempt
@requires(Permission.PUBLIC)
def set_language():
    """Choose the language. For a visitor who is not signed in it only sets the
    language cookie, so the form has no CSRF token (one bound to a session would
    keep pages out of the shared page cache); a forged choice changes nothing
    but the language. For a signed-in person it is saved on the account, and
    the token is required as for every other change."""
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    language = request.form.get("language", "")
    target = safe_next_url(request.form.get("next")) or url_for("site.index")
    if language not in supported_languages():
        return redirect(target)
    response = make_response(redirect(target))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600,
                        samesite="Lax", httponly=True, secure=request.is_secure)
    if current_user.is_authenticated:
        current_user.locale = language
        db.session.commit()
    return response


@bp.route("/admin")
@requires(Permission.VIEW_ADMIN)
def admin_index():
    counts = {
        "users": db.session.scalar(select(func.count(User.id))),
        "communities": db.session.scalar(select(func.count(LocalCommunity.id))
                                         .where(LocalCommunity.archived_at.is_(None))),
        "reports": db.session.scalar(select(func.count(AccessibilityReport.id))),
    }
    return render_template("admin/index.html", counts=counts)


@bp.route("/admin/installningar", methods=["GET", "POST"])
@requires(Permission.MANAGE_SETTINGS)
def admin_settings():
    settings = services.get_settings()
    form = SettingsForm(obj=settings if request.method == "GET" else None)
    if form.validate_on_submit():
        services.update_settings(form.name.data, form.introduction.data, form.contact.data,
                                 form.privacy_policy.data, form.accessibility_statement.data)
        db.session.commit()
        flash(_("The settings are saved."), "success")
        return redirect(url_for("site.admin_settings"))
    return render_template("admin/settings.html", form=form), form_status(form)


@bp.route("/admin/tillganglighetsrapporter")
@requires(Permission.MANAGE_SETTINGS)
def admin_accessibility_reports():
    query = select(AccessibilityReport).order_by(AccessibilityReport.created_at.desc(),
                                                 AccessibilityReport.id.desc())
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("admin/accessibility_reports.html", page=page)
