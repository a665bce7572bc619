"""Driving a live server over real HTTP as a browser without JavaScript does: open the page,
fill its form, send it with the form's hidden fields (the CSRF token)."""

from urllib.parse import urljoin

import requests

from tests.support.html_pages import parse_html

TIMEOUT = 30  # seconds: generous, a busy machine is slow but a hung server fails the test


def submit(
    session: requests.Session, page_url: str, action: str, fields=None, files=None
) -> requests.Response:
    """Open ``page_url`` and send its POST form whose address (or a button's ``formaction``)
    contains ``action``, with what a browser sends of it (hidden inputs such as the CSRF
    token, checked boxes) and ``fields`` (and ``files``, multipart); the answer, unfollowed."""
    page = session.get(page_url, timeout=TIMEOUT)
    assert page.status_code == 200, f"{page_url}: {page.status_code}"
    form, target = _form_sent_to(page, action)
    data: dict[str, list[str]] = {}
    for node in form.find_all("input"):
        kind, name = node.attrs.get("type") or "text", node.attrs.get("name")
        checked = "checked" in node.attrs and "disabled" not in node.attrs
        if name and (kind == "hidden" or (kind in ("checkbox", "radio") and checked)):
            data.setdefault(name, []).append(node.attrs.get("value") or "on")
    data.update({name: [value] for name, value in (fields or {}).items()})
    return session.post(target, data=data, files=files, allow_redirects=False, timeout=TIMEOUT)


def _form_sent_to(page: requests.Response, action: str):
    """The POST form of ``page`` sent to an address containing ``action``, and that address."""
    for form in parse_html(page.text).find_all("form"):
        if (form.attrs.get("method") or "get").lower() != "post":
            continue
        buttons = [b.attrs.get("formaction") for b in form.find_all("button")]
        for address in (form.attrs.get("action") or "", *filter(None, buttons)):
            target = urljoin(page.url, address)
            if action in target:
                return form, target
    raise AssertionError(f"{page.url} has no form sent to {action!r}")


def sign_in(base: str, email: str, password: str, session=None) -> requests.Session:
    """``session`` (a new one by default) signed in as ``email`` through ``base``'s login form."""
    session = session if session is not None else requests.Session()
    response = submit(
        session, f"{base}/auth/login", "/auth/login", {"login": email, "password": password}
    )
    assert response.status_code == 302, response.text[:500]
    return session
