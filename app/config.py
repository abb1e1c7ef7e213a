"""Settings read from the environment, one class per mode."""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def development_secret_key(instance_path: str) -> str:
    """A key generated once and kept in instance/, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Sjöviks kommun")
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Keys in a shared Redis start with this, so several sites can use one server.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "inflytande")
    # When Redis cannot be reached, count in each worker's memory until it is back
    # (checked again now and then) instead of failing every limited request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    AUTH_RATE_LIMIT = os.environ.get("AUTH_RATE_LIMIT", "10 per minute; 50 per hour")
    # The open-data API and CSV files, per address, for those not signed in.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "60 per minute")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Inflytande <noreply@example.org>")
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 8)

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    LANGUAGES = ("sv", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None

    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    # Unsubscribe links in notification e-mails work this long (seconds).
    UNSUBSCRIBE_TOKEN_MAX_AGE = _env_int("UNSUBSCRIBE_TOKEN_MAX_AGE", 180 * 24 * 3600)
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Above the 10 MB a plan file may have, so that such a file reaches the form
    # and gets a clear error instead of a bare 413.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Uploaded plans waiting for confirmation; instance/plan-imports when unset.
    PLAN_IMPORT_FOLDER = os.environ.get("PLAN_IMPORT_FOLDER") or None
    # The statistics page and /api/v1/stats keep a period's figures this many
    # seconds (per process); 0 computes them on every request.
    STATS_CACHE_SECONDS = _env_int("STATS_CACHE_SECONDS", 600)
    # They read the figures `flask stats refresh` stored for the usual periods
    # while at most this many seconds old; 0 never reads them.
    STATS_SNAPSHOT_SECONDS = _env_int("STATS_SNAPSHOT_SECONDS", 900)
    # Public pages are kept this many seconds for visitors and for signed-in
    # residents (app/core/page_cache.py); a committed change shows at once
    # regardless, an addition (a comment, a support) within these seconds. 0: off.
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 10)
    # Where they are kept: redis://… shares them between workers and servers;
    # empty means the rate limits' Redis when RATELIMIT_STORAGE_URI is one, else
    # each worker's memory.
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL", "")
    # The most each worker keeps in its own memory (MB).
    PAGE_CACHE_MAX_MB = _env_int("PAGE_CACHE_MAX_MB", 8)


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = ""
    STATS_CACHE_SECONDS = 0
    # The page cache's own tests switch it on.
    PAGE_CACHE_SECONDS = 0
    PAGE_CACHE_URL = "memory://"
    # Cheaper scrypt parameters keep the suite fast; production uses the defaults.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - a method name


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_for_environment() -> type[Config]:
    name = os.environ.get("INFLYTANDE_ENV", "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"INFLYTANDE_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
