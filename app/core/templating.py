"""What every template can use."""

from flask import Flask, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from app.core import i18n
from app.core.models import utcnow
from app.core.page_cache import page_hole, page_switch, register_hole
from app.core.permissions import Permission, can
from app.core.text import plain_excerpt, render_user_text

register_hole("flashes", lambda: render_template("_flashes.html"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["usertext"] = render_user_text
    app.jinja_env.filters["excerpt"] = plain_excerpt
    app.jinja_env.filters["datetime"] = i18n.datetime_filter
    app.jinja_env.filters["date"] = i18n.date_filter
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["now"] = utcnow
    app.jinja_env.globals["page_hole"] = page_hole
    app.jinja_env.globals["page_switch"] = page_switch

    @app.context_processor
    def inject_globals():
        return {
            "can": lambda permission, obj=None: can(current_user, permission, obj),
            "Permission": Permission,
            "current_locale": str(get_locale()),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
