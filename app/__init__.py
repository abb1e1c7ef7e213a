"""Inflytande: a participatory dialogue platform for Swedish municipalities."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from app.config import Config, config_for_environment, development_secret_key
from app.core.database import engine_options, normalise_database_url
from app.core.models import include_in_autogenerate, render_migration_item


def create_app(config: type[Config] | dict[str, Any] | None = None, *,
               migrations: bool = True) -> Flask:
    """The application. `migrations=False` leaves out the `flask db` commands
    (Flask-Migrate and Alembic, ~10 MB a process): app/wsgi.py serves pages and
    never migrates."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    _load_config(app, config)
    _configure_logging(app)

    from app.extensions import babel, csrf, db, limiter, login_manager

    db.init_app(app)
    if migrations:
        from flask_migrate import Migrate

        Migrate(app, db, directory=os.path.join(app.root_path, "..", "migrations"),
                render_as_batch=True, render_item=render_migration_item,
                compare_type=True, include_object=include_in_autogenerate)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from app.core import (
        caching,
        database,
        errors,
        i18n,
        page_cache,
        request_log,
        security,
        templating,
    )

    babel.init_app(app, locale_selector=i18n.select_locale,
                   timezone_selector=i18n.select_timezone)
    i18n.install_template_gettext(app)
    database.configure(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    caching.init_app(app)
    page_cache.init_app(app)
    request_log.init_app(app)
    _register_areas(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy: trust its X-Forwarded-* headers so redirects,
        # Secure cookies and rate limits see the real scheme and client.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies)
    return app


def _load_config(app: Flask, config: type[Config] | dict[str, Any] | None) -> None:
    base = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "inflytande.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if (str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("redis")
            and not app.config.get("RATELIMIT_STORAGE_OPTIONS")):
        # A Redis that does not answer costs a request at most a second before the
        # limiter falls back to counting in memory.
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": 1,
                                                   "socket_timeout": 1}
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError(
                "SECRET_KEY must be set in production: a long random value, "
                "e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        app.config["SECRET_KEY"] = development_secret_key(app.instance_path)


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def _register_own_data() -> None:
    """Each area's part of a person's own data: the "Mina uppgifter" export and
    what deleting an account erases (see app/core/own_data.py)."""
    from app.consultation import own_data as _consultation  # noqa: F401
    from app.dialogues import own_data as _dialogues  # noqa: F401
    from app.groups import own_data as _groups  # noqa: F401
    from app.moderation import own_data as _moderation  # noqa: F401
    from app.organisations import own_data as _organisations  # noqa: F401
    from app.plans import own_data as _plans  # noqa: F401
    from app.proposals import own_data as _proposals  # noqa: F401
    from app.site import own_data as _site  # noqa: F401


def _register_areas(app: Flask) -> None:
    # Importing the views attaches their routes to each area's blueprint.
    from app.accounts import admin_views, notification_views, views  # noqa: F401
    from app.accounts import bp as accounts_bp
    from app.accounts.cli import users_cli
    from app.adoption import bp as adoption_bp
    from app.adoption import views as adoption_views  # noqa: F401
    from app.api import bp as api_bp
    from app.api import open_data_views  # noqa: F401
    from app.api import views as api_views  # noqa: F401
    from app.communities import bp as communities_bp
    from app.communities import views as community_views  # noqa: F401
    from app.consultation import bp as consultation_bp
    from app.consultation import views as consultation_views  # noqa: F401
    from app.core import (
        audit,  # noqa: F401  (the audit log's model and its guard)
        digest,  # noqa: F401  (`flask mail digest`)
    )
    from app.core.backup import backup_cli
    from app.core.mail import mail_cli
    from app.demo.cli import demo_cli
    from app.dialogues import bp as dialogues_bp
    from app.dialogues import organiser_views as dialogue_organiser_views  # noqa: F401
    from app.dialogues import views as dialogue_views  # noqa: F401
    from app.dialogues.cli import dialogues_cli
    from app.groups import bp as groups_bp
    from app.groups import member_views as group_member_views  # noqa: F401
    from app.groups import views as group_views  # noqa: F401
    from app.moderation import answer_views  # noqa: F401
    from app.moderation import bp as moderation_bp
    from app.moderation import views as moderation_views  # noqa: F401
    from app.moderation.cli import moderation_cli
    from app.organisations import admin_views as organisation_admin_views  # noqa: F401
    from app.organisations import bp as organisations_bp
    from app.organisations import views as organisation_views  # noqa: F401
    from app.plans import admin_views as plan_admin_views  # noqa: F401
    from app.plans import bp as plans_bp
    from app.plans import editor_views as plan_editor_views  # noqa: F401
    from app.plans import views as plan_views  # noqa: F401
    from app.plans.cli import plans_cli
    from app.proposals import admin_views as proposal_admin_views  # noqa: F401
    from app.proposals import bp as proposals_bp
    from app.proposals import views as proposal_views  # noqa: F401
    from app.reports import bp as reports_bp
    from app.reports import views as report_views  # noqa: F401
    from app.reports.cli import reports_cli
    from app.site import (
        audit_views,  # noqa: F401
        health_views,  # noqa: F401
    )
    from app.site import bp as site_bp
    from app.site import views as site_views  # noqa: F401
    from app.stats import bp as stats_bp
    from app.stats import views as stats_views  # noqa: F401
    from app.stats.cli import stats_cli
    _register_own_data()

    app.register_blueprint(site_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(communities_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(dialogues_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(consultation_bp)
    app.register_blueprint(adoption_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(stats_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(dialogues_cli)
    app.cli.add_command(plans_cli)
    app.cli.add_command(moderation_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(stats_cli)
