"""Headless Chromium (Debian's) driven by Playwright against a live server on loopback."""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.config import TestingConfig
from app.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; install Debian's chromium")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


class BrowserConfig(TestingConfig):
    WTF_CSRF_ENABLED = True  # the real forms, tokens and all
    LABEL_JOBS = "thread"  # label PDFs written in the background, as in production


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a migrated, demo-seeded SQLite file, served on 127.0.0.1:<free port>."""
    from flask_migrate import upgrade

    from app.demo import seed_demo

    path = tmp_path_factory.mktemp("live") / "live.sqlite"
    app = create_app(BrowserConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        seed_demo()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


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


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` until it is true. Playwright's ``wait_for_function`` re-evaluates
    its predicate with ``eval`` inside the page, which our CSP (no 'unsafe-eval') refuses
    whenever the first check is false; ``evaluate`` runs through the debugger and is not."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
