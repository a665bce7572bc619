"""The photo upload's large body limit (nine photos) is for signed-in staff sending this
session's CSRF token in the form's address: anyone else keeps MAX_CONTENT_LENGTH, and a larger
body is refused before a byte of it is read."""

import html as html_lib
import io
import re

import pytest

from tests.support.product_images import make_product, photo

BIG = 136 * 1024 * 1024  # what the endpoint used to accept from anyone


class CountingStream:
    """A request body of ``size`` zero bytes that counts what the app reads of it."""

    def __init__(self, size: int):
        self.size = size
        self.position = 0
        self.taken = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.position
        n = left if n is None or n < 0 else min(n, left)
        self.position += n
        self.taken += n
        return b"\0" * n

    def readline(self, n: int = -1) -> bytes:
        return self.read(n)


@pytest.fixture
def product(db, coop_tq):
    return make_product(coop_tq)


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _post_stream(client, url, size):
    body = CountingStream(size)
    response = client.post(
        url,
        input_stream=body,
        content_type="multipart/form-data; boundary=x",
    )
    return response, body


@pytest.mark.parametrize("csrf", [True, False])
def test_an_anonymous_big_upload_is_refused_unread(app, client, product, monkeypatch, csrf):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", csrf)
    response, body = _post_stream(client, f"/products/{product.id}/images/", BIG)
    assert response.status_code in (413, 302)  # too large, or "sign in" first
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
    assert body.taken == 0


@pytest.mark.parametrize("query", ["", "?csrf_token=forged"])
def test_staff_without_the_token_keep_the_normal_limit(as_member, product, csrf_on, query):
    response, body = _post_stream(as_member, f"/products/{product.id}/images/{query}", BIG)
    assert response.status_code == 413 and body.taken == 0


def _upload_form(client, product_id) -> tuple[str, str]:
    """(the upload form's address, its CSRF field) as the photos page gives them."""
    page = client.get(f"/products/{product_id}/images/").get_data(as_text=True)
    action = re.search(r'action="([^"]*)" class="photo-upload"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', page).group(1)
    return html_lib.unescape(action), token


def test_a_members_large_upload_with_the_token_still_works(
    app, as_member, db, product, csrf_on, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)  # the "normal" limit
    files = [photo((1600, 1200), seed=n) for n in (1, 2)]
    assert sum(map(len, files)) > 64 * 1024
    action, token = _upload_form(as_member, product.id)
    assert "csrf_token=" in action

    def send(url):
        data = {
            "csrf_token": token,
            "photos": [(io.BytesIO(f), f"{i}.jpg") for i, f in enumerate(files)],
        }
        return as_member.post(url, data=data, content_type="multipart/form-data")

    assert send(f"/products/{product.id}/images/").status_code == 413  # no token in the address
    response = send(action)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(product)
    assert len(product.images) == 2
