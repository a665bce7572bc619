"""Driving a live server over real HTTP as a browser without JavaScript does: open the page,
fill its form, send it with the form's hidden fields (the CSRF token)."""

import time
from urllib.parse import urljoin

import requests

from tests.support.html_pages import parse_html

TIMEOUT = 30  # seconds: generous, a busy machine is slow but a hung server fails the test


def submit(
    session: requests.Session, page_url: str, action: str, fields=None, files=None
) -> requests.Response:
    """Open ``page_url`` and send its POST form whose address contains ``action``, with
    its hidden inputs and ``fields`` (and ``files``, multipart); the answer, unfollowed."""
    page = session.get(page_url, timeout=TIMEOUT)
    assert page.status_code == 200, f"{page_url}: {page.status_code}"
    for form in parse_html(page.text).find_all("form"):
        target = urljoin(page.url, form.attrs.get("action") or "")
        if (form.attrs.get("method") or "get").lower() == "post" and action in target:
            break
    else:
        raise AssertionError(f"{page_url} has no form sent to {action!r}")
    data = {
        node.attrs["name"]: node.attrs.get("value") or ""
        for node in form.find_all("input", type="hidden")
        if node.attrs.get("name")
    }
    data.update(fields or {})
    return session.post(target, data=data, files=files, allow_redirects=False, timeout=TIMEOUT)


def sign_in(base: str, email: str, password: str, session=None) -> requests.Session:
    """``session`` (a new one by default) signed in as ``email`` through ``base``'s login form."""
    session = session if session is not None else requests.Session()
    response = submit(
        session, f"{base}/auth/login", "/auth/login", {"login": email, "password": password}
    )
    assert response.status_code == 302, response.text[:500]
    return session


class TimedSession(requests.Session):
    """A session that notes how long each request took, redirects followed included:
    ``timings`` holds (method, url, seconds, status)."""

    def __init__(self) -> None:
        super().__init__()
        self.timings: list[tuple[str, str, float, int]] = []

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        start = time.perf_counter()
        response = super().request(method, url, *args, **kwargs)
        self.timings.append((method, url, time.perf_counter() - start, response.status_code))
        return response
