"""Lên Sàn: the application factory."""

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import CONFIGS, Config


def create_app(config: type[Config] | str | None = None, **overrides) -> Flask:
    """Build the app. ``config`` is a Config class or its name; ``overrides`` win over both."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("LENSAN_ENV", "development")]
    app.config.from_object(config)
    app.config.update(overrides)
    config.load(app)
    # Before any route is added: ids up to 2**31-1, no control characters (404 otherwise).
    from .converters import register_converters

    register_converters(app)

    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_middleware(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import generation_events, models  # noqa: F401  (tables; the page cache's counters)
    from .activity import recorder  # noqa: F401  (the activity log's session hook)
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .i18n import install_template_gettext, select_locale

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(app.root_path, "..", "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    limiter.init_app(app)
    from . import logs, metrics

    logs.init_app(app)
    metrics.init_app(app)

    from .auth.sessions import load_user

    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "warning"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to open this page.")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, write-ahead log, wait rather than fail when busy."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL's advice: no fsync per commit (scans)
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def register_middleware(app: Flask) -> None:
    """Flask's documented way to put middleware around the app (its type says method): the
    front answering kept public pages (app/public/front.py) inside the proxy's fix, so that
    both see the visitor's address."""
    from .public.front import KeptFront

    app.wsgi_app = KeptFront(app, app.wsgi_app)  # type: ignore[method-assign]
    if app.config.get("TRUST_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]


def register_blueprints(app: Flask) -> None:
    """Each blueprint declares its URL prefix and CLI group; the order here is the URL map's."""
    from .activity import bp as activity_bp
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .background import bp as background_bp
    from .certificates import bp as certificates_bp
    from .cooperatives import bp as cooperatives_bp
    from .dashboard import bp as dashboard_bp
    from .exports import bp as exports_bp
    from .imports import bp as imports_bp
    from .labels import bp as labels_bp
    from .offline import bp as offline_bp
    from .onboarding import bp as onboarding_bp
    from .ops import bp as ops_bp
    from .product_images import bp as product_images_bp
    from .products import bp as products_bp
    from .public import bp as public_bp
    from .resolver import bp as resolver_bp
    from .scans import bp as scans_bp
    from .trace import bp as trace_bp
    from .trace.event_views import events_bp as trace_events_bp
    from .visits import bp as visits_bp

    for blueprint in (
        ops_bp,  # /healthz, /readyz, /metrics
        public_bp,
        resolver_bp,  # GS1 Digital Link paths and EPCIS documents
        auth_bp,
        dashboard_bp,
        cooperatives_bp,
        certificates_bp,
        onboarding_bp,
        products_bp,
        admin_bp,
        activity_bp,  # /cooperatives/<id>/activity, /admin/activity
        imports_bp,
        visits_bp,
        scans_bp,
        product_images_bp,
        trace_bp,
        trace_events_bp,
        labels_bp,
        exports_bp,
        background_bp,  # /jobs/<id>
        offline_bp,  # /sw.js, /manifest.webmanifest, /m/
    ):
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from .access import enforce_access
    from .auth.sessions import end_idle_session, private_cache_headers
    from .security import set_security_headers

    app.before_request(end_idle_session)
    app.before_request(enforce_access)
    app.after_request(set_security_headers)
    app.after_request(private_cache_headers)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from . import areas
    from .i18n import current_language, fmt_date, fmt_datetime, fmt_decimal, vnd

    app.add_template_filter(vnd, "vnd")
    app.add_template_filter(fmt_date, "date")
    app.add_template_filter(fmt_decimal, "decimal")
    app.add_template_filter(fmt_datetime, "datetime")
    app.add_template_filter(areas.place_name, "place_name")
    app.add_template_global(current_language, "current_language")

    from .dashboard.nav import navigation

    app.add_template_global(navigation, "navigation")


def register_commands(app: Flask) -> None:
    """App-wide commands; each blueprint brings its own (``flask import``, ``flask labels``…)."""
    from .cli import create_user_command, media_group, seed_demo_command
    from .jobs import worker_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(media_group)
