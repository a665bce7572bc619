"""Headless Chromium (Debian's) driven by Playwright against a live server on loopback."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import update
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.models import User
from tests.support.browser import CHROMIUM, FLAGS, BrowserConfig
from tests.support.demo import restore


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; install Debian's chromium")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, demo_snapshot):
    """The app the live server runs, on a migrated SQLite file holding the demo (seeded once
    for the whole run, tests/support/demo.py); a test may add rows of its own through it."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("live") / "live.sqlite"
    app = create_app(BrowserConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        restore(app, demo_snapshot)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _demo_users_read_vietnamese(request):
    """A test that switches a demo user to English (the language is kept on the account)
    must not leave the next test, which reads Vietnamese words, in English."""
    yield
    if "live_app" in request.fixturenames:
        app = request.getfixturevalue("live_app")
        with app.app_context():
            db.session.execute(update(User).values(locale="vi"))
            db.session.commit()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The live app served on 127.0.0.1:<free port>."""
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360-px-wide phone page that fails the test on any console error (CSP included)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []
