"""Configuration classes; every deployment value comes from the environment."""

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

from .clock import LOCAL_TIMEZONE


def _instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it once."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def _days(text: str) -> timedelta:
    return timedelta(days=int(text))


def _on(text: str) -> bool:
    """Any value turns the setting on (``TRUST_PROXY=yes``)."""
    return True


def _one(text: str) -> bool | None:
    """``1`` turns the setting on; anything else leaves it as the class says."""
    return True if text == "1" else None


def _seconds(text: str) -> tuple[int, ...]:
    """``10,60,300`` -> (10, 60, 300)."""
    return tuple(int(part) for part in text.split(","))


# Whole-number settings that the environment may set by their own name (and every IMPORT_MAX_*).
_INTEGER_SETTINGS = (
    "SCAN_BATCH_SIZE",
    "TRACE_CACHE_SECONDS",
    "LABEL_PROCESSES",
    "LABEL_ALERT_SCANS",
    "LABEL_LATE_DAYS",
    "LABEL_FORGED_PER_VISITOR",
    "LABEL_FORGED_PER_BATCH",
    "LABEL_MAX_PENDING_RUNS",
    "LABEL_DAILY_LABELS",
    "IMAGE_MAX_PIXELS",
    "IMAGE_MAX_SIDE",
    "IMAGE_MAX_ASPECT",
    "PDF_MAX_PAGES",
    "STAFF_IDLE_MINUTES",
    "LOGIN_BACKOFF_SECONDS",
    "KNOWN_DEVICE_DAYS",
    "TEMPLATE_MAX_BYTES",
)

# Settings the environment overrides: (setting, variable, parser). An empty variable counts as
# unset, and so does a parser's None.
_FROM_ENVIRONMENT: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("PUBLIC_BASE_URL", "PUBLIC_BASE_URL", str),
    ("LOGIN_RATE_LIMIT", "LOGIN_RATE_LIMIT", str),  # "5 per minute;30 per hour"
    ("JOBS_QUEUE", "JOBS_QUEUE", str),
    ("REDIS_PREFIX", "REDIS_PREFIX", str),
    ("LOGIN_ACCOUNT_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", str),
    ("TRUST_PROXY", "TRUST_PROXY", _on),
    ("LOG_FORMAT", "LOG_FORMAT", str),  # "json" or "plain"
    ("LOG_LEVEL", "LOG_LEVEL", str),
    ("IMPORT_ALLOW_PRIVATE_URLS", "IMPORT_ALLOW_PRIVATE_URLS", _one),
    ("REMEMBER_COOKIE_DURATION", "REMEMBER_DAYS", _days),
    ("MAIL_PORT", "MAIL_PORT", int),
    ("MAIL_USE_TLS", "MAIL_USE_TLS", _one),
    ("MAIL_USE_SSL", "MAIL_USE_SSL", _one),
    ("SCAN_FLUSH_SECONDS", "SCAN_FLUSH_SECONDS", float),
    ("JOBS_HEARTBEAT_SECONDS", "JOBS_HEARTBEAT_SECONDS", float),
    ("JOBS_RETRY_SECONDS", "JOBS_RETRY_SECONDS", _seconds),
    ("PUSH_TIMEOUT_SECONDS", "PUSH_TIMEOUT_SECONDS", float),
    *((name, name, int) for name in _INTEGER_SETTINGS),
)

# Settings the environment fills only where the config class (or create_app's overrides) left
# them unset: (setting, variable).
_FILLED_FROM_ENVIRONMENT = (
    ("SQLALCHEMY_DATABASE_URI", "DATABASE_URL"),
    ("SECRET_KEY", "SECRET_KEY"),
    ("MEDIA_ROOT", "MEDIA_ROOT"),
    ("REDIS_URL", "REDIS_URL"),
    ("STORAGE", "STORAGE"),
    ("S3_ENDPOINT_URL", "S3_ENDPOINT_URL"),
    ("S3_BUCKET", "S3_BUCKET"),
    ("S3_REGION", "S3_REGION"),
    ("S3_PREFIX", "S3_PREFIX"),
    ("PUSH_PROVINCE_URL", "PUSH_PROVINCE_URL"),
    ("PUSH_PROVINCE_TOKEN", "PUSH_PROVINCE_TOKEN"),
    ("METRICS_TOKEN", "METRICS_TOKEN"),
    ("MAIL_SERVER", "MAIL_SERVER"),
    ("MAIL_USERNAME", "MAIL_USERNAME"),
    ("MAIL_PASSWORD", "MAIL_PASSWORD"),
    ("MAIL_SENDER", "MAIL_SENDER"),
    ("GS1_RESOLVER_CONTACT_EMAIL", "GS1_RESOLVER_CONTACT_EMAIL"),
)


class Config:
    """Defaults shared by every environment."""

    SQLALCHEMY_DATABASE_URI: str | None = None  # from DATABASE_URL or instance/ in load()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY: str | None = None
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    MEDIA_ROOT: str | None = None
    # Where media live (app/storage.py): "local" (MEDIA_ROOT) or "s3" (the S3_* settings).
    STORAGE: str | None = None
    S3_ENDPOINT_URL: str | None = None
    S3_BUCKET: str | None = None
    S3_REGION: str | None = None
    S3_PREFIX: str | None = None
    REDIS_URL: str | None = None

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = LOCAL_TIMEZONE
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions (app/auth/sessions.py): "Keep me signed in" lasts this long, and no sign-in
    # outlives it; a session unused for STAFF_IDLE_MINUTES asks to sign in again.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    STAFF_IDLE_MINUTES = 120
    # A browser that signed in to an account is known to it for this long (app/auth/throttle.py)
    KNOWN_DEVICE_DAYS = 180
    # Sent on every response when set (ProductionConfig: HTTPS only, one year).
    STRICT_TRANSPORT_SECURITY: str | None = None
    PRODUCTION = False
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # One product photo; the photo upload allows 9 of these in one request (see product_images).
    PRODUCT_IMAGE_MAX_BYTES = 15 * 1024 * 1024
    # Uploaded images are judged from their header before any decoding (app/uploads.py): at
    # most IMAGE_MAX_PIXELS pixels, IMAGE_MAX_SIDE px on the longest side, and a long side at
    # most IMAGE_MAX_ASPECT times the short one. Uploaded PDFs are opened with PDFium and may
    # have at most PDF_MAX_PAGES pages.
    IMAGE_MAX_PIXELS = 40_000_000
    IMAGE_MAX_SIDE = 12_000
    IMAGE_MAX_ASPECT = 20
    PDF_MAX_PAGES = 20

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Records the members' offline app sends per signed-in user (app/offline): a phone back
    # in signal sends its queue one by one; far more than a member records by hand.
    OFFLINE_SYNC_RATE_LIMIT = "120 per minute"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per minute;30 per hour"
    # Failed sign-ins per account (however the phone or email is written); past it, unknown
    # devices get one try per LOGIN_BACKOFF_SECONDS, a known device is not slowed.
    LOGIN_ACCOUNT_RATE_LIMIT = "5 per minute;30 per hour"
    LOGIN_BACKOFF_SECONDS = 60
    TRUST_PROXY = False
    # Password-reset mail (app/auth/mail.py): sent only when MAIL_SERVER is set; without it,
    # people without a working email ask their officer for a reset code.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS (usually port 587)
    MAIL_USE_SSL = False  # TLS from the start (usually port 465)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER: str | None = None  # the From address; "Lên Sàn <no-reply@…>"
    # Imports may name images by URL; fetching from private or loopback addresses is refused
    # unless this is set (IMPORT_ALLOW_PRIVATE_URLS=1), so an import cannot probe our network.
    IMPORT_ALLOW_PRIVATE_URLS = False
    # Import sheets are read within these limits, counted on what the file really holds
    # (app/imports/limits.py); each can be set from the environment. Bytes once unpacked.
    IMPORT_MAX_BYTES = 10 * 1024 * 1024  # the upload
    # A marketplace's mass-upload template (app/exports/template_views.py); read within the
    # IMPORT_MAX_* limits as well. Seller-centre templates weigh 0.1-3 MB.
    TEMPLATE_MAX_BYTES = 10 * 1024 * 1024
    IMPORT_MAX_ROWS = 10_000  # filled rows
    IMPORT_MAX_COLUMNS = 50
    IMPORT_MAX_BLANK_ROWS = 1_000  # a run of empty rows: before the header refused, after it ends
    IMPORT_MAX_CELLS = 300_000  # cells and rows read, empty ones included
    IMPORT_MAX_CELL_CHARS = 32_767
    IMPORT_MAX_SHARED_STRINGS = 300_000
    IMPORT_MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # every part read, together
    IMPORT_MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024
    IMPORT_MAX_SHEET_BYTES = 30 * 1024 * 1024
    IMPORT_MAX_STYLES_BYTES = 10 * 1024 * 1024
    IMPORT_MAX_CSV_ROW_CHARS = 1_000_000
    # The GS1 resolver description file (/.well-known/gs1resolver, app/resolver/description.py):
    # its name and who answers for it; its root is PUBLIC_BASE_URL.
    GS1_RESOLVER_NAME = "Lên Sàn GS1 Digital Link resolver"
    GS1_RESOLVER_CONTACT = "Lên Sàn"
    GS1_RESOLVER_CONTACT_EMAIL: str | None = None  # shown as the contact's mailto: when set
    # Public pages (trace pages, /c/<slug> and its products' pages) are kept as
    # rendered (app/page_cache.py): each worker keeps TRACE_PAGE_CACHE_SIZE of them (compressed,
    # 2-3 KB each: about 50 MB for 20,000, with the front's notes of app/public/front.py), and Redis
    # (with REDIS_URL) keeps them this long (seconds; 0 keeps nothing, with no counters
    # bumped). Any change of a cooperative's data retires its kept pages at once, on every
    # worker and host (app/generations.py): this only bounds memory.
    TRACE_CACHE_SECONDS = 300
    TRACE_PAGE_CACHE_SIZE = 20_000
    # Keys of the page cache, its counters and the scan list in Redis start with this (several
    # apps may share a Redis); unset, "<JOBS_QUEUE>:", so an app with a queue of its own has
    # its own keys too.
    REDIS_PREFIX: str | None = None
    # Scans of trace pages: with REDIS_URL, pushed on a Redis list and written by a drainer
    # every SCAN_FLUSH_SECONDS (app/scans/queue.py); without, written this many at a time, or
    # this long after the first one waiting (app/scans/services.py ScanWriter).
    # SCAN_BATCH_SIZE=1 writes each with its page.
    SCAN_BATCH_SIZE = 50
    SCAN_FLUSH_SECONDS = 2.0
    # Background jobs (app/jobs.py): "rq" (on Redis, the default when REDIS_URL is set; run
    # `flask worker`), "thread" (in the web worker, the default without Redis) or "inline"
    # (in the request: tests). JOBS_QUEUE names the Redis queue (several apps may share a
    # Redis). Label runs' PDFs are jobs, with LABEL_PROCESSES processes building QR symbols.
    # A serialized code opened by LABEL_ALERT_SCANS visitors (a network on a day; bots and
    # link previews left out), or LABEL_LATE_DAYS after its batch sold out or expired, is
    # listed as suspicious. Forged codes are recorded at most LABEL_FORGED_PER_VISITOR a visitor and
    # LABEL_FORGED_PER_BATCH a batch a day. A cooperative may have LABEL_MAX_PENDING_RUNS runs
    # waiting or being written, and LABEL_DAILY_LABELS labels queued in 24 hours.
    JOBS: str | None = None
    JOBS_QUEUE = "lensan"
    # A running job's worker writes its heartbeat this often (seconds; unset: every
    # app/background/heartbeat.py HEARTBEAT); a job with retries is tried again after these
    # seconds (unset: app/jobs.py BACKOFF, 10 s, 1 min, 5 min, 15 min). The tests shorten both.
    JOBS_HEARTBEAT_SECONDS: float | None = None
    JOBS_RETRY_SECONDS: tuple[int, ...] | None = None
    LABEL_PROCESSES = 1
    LABEL_ALERT_SCANS = 5
    LABEL_LATE_DAYS = 60
    LABEL_FORGED_PER_VISITOR = 3
    LABEL_FORGED_PER_BATCH = 100
    LABEL_MAX_PENDING_RUNS = 2
    LABEL_DAILY_LABELS = 200_000
    # The provincial platform's listing API (profile "province", app/exports/push.py): its
    # address (the profile's default when unset) and the bearer token (no token, no push).
    PUSH_PROVINCE_URL: str | None = None
    PUSH_PROVINCE_TOKEN: str | None = None
    # Seconds a push waits for each answer of a partner; unset, its profile's timeout_seconds.
    PUSH_TIMEOUT_SECONDS: float | None = None
    # Logs (app/logs.py): "json" writes one JSON object per line, "plain" Flask's lines.
    LOG_FORMAT = "plain"
    LOG_LEVEL = "INFO"
    # /metrics answers loopback callers, and others sending "Authorization: Bearer <token>".
    METRICS_TOKEN: str | None = None

    @classmethod
    def load(cls, app: "Flask") -> None:
        """Read the environment (the tables above), then fill what depends on the instance
        folder and on other settings."""
        env, cfg = os.environ, app.config
        imports = tuple((k, k, int) for k in dir(cls) if k.startswith("IMPORT_MAX_"))
        for name, variable, parse in _FROM_ENVIRONMENT + imports:
            value = parse(env[variable]) if env.get(variable) else None
            if value is not None:
                cfg[name] = value
        for name, variable in _FILLED_FROM_ENVIRONMENT:
            cfg[name] = cfg.get(name) or env.get(variable) or None
        instance = Path(app.instance_path)
        instance.mkdir(parents=True, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = cfg["SQLALCHEMY_DATABASE_URI"] or "sqlite:///" + str(
            instance / "lensan.sqlite"
        )
        cfg["SECRET_KEY"] = cfg["SECRET_KEY"] or _instance_secret_key(app.instance_path)
        cfg["MEDIA_ROOT"] = cfg["MEDIA_ROOT"] or str(instance / "media")
        cfg["PUBLIC_BASE_URL"] = cfg["PUBLIC_BASE_URL"].rstrip("/")
        cfg.setdefault("RATELIMIT_STORAGE_URI", cfg["REDIS_URL"] or "memory://")
        cfg["JOBS"] = cfg["JOBS"] or env.get("JOBS") or ("rq" if cfg["REDIS_URL"] else "thread")
        cfg["REDIS_PREFIX"] = cfg.get("REDIS_PREFIX") or f"{cfg['JOBS_QUEUE']}:"
        if cfg["PUBLIC_BASE_URL"].startswith("https://"):
            cfg["SESSION_COOKIE_SECURE"] = True
            cfg["REMEMBER_COOKIE_SECURE"] = True


class DevelopmentConfig(Config):
    """Local development: ``make run``."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: a database per run, CSRF on unless a test turns it off."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False
    TRACE_CACHE_SECONDS = 0  # tests change certificates between views; two tests keep them
    SCAN_BATCH_SIZE = 1  # tests count scans right after the view; one test batches them
    JOBS = "inline"  # a run's PDF is ready when the request returns; some tests queue


class ProductionConfig(Config):
    """Behind gunicorn and a reverse proxy: secure cookies, proxy headers trusted."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    TRUST_PROXY = True
    STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
    PRODUCTION = True  # flask seed-demo refuses to run
    LOG_FORMAT = "json"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
