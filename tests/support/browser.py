"""Driving headless Chromium: where it is, its flags, the app's config for a live server,
signing in as a demo user, waiting on the page, axe-core's audit and screenshots for the CI
artifacts."""

import os
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from app.config import TestingConfig
from app.demo import DEMO_PASSWORD

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

OFFICER = "lan.khuyennong@tuyenquang.example.vn"  # a demo officer of Tuyên Quang
AXE = Axe()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page (none expected), each with the
    first elements it names."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in AXE.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class BrowserConfig(TestingConfig):
    WTF_CSRF_ENABLED = True  # the real forms, tokens and all
    JOBS = "thread"  # label PDFs written in the background, as in production


def sign_in(page, base, login=OFFICER):
    """Sign a demo user in through the login page."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email hoặc số điện thoại").fill(login)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


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
    """A full-page screenshot under test-artifacts/, which CI keeps."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
