"""Fetching an image named by URL: public addresses only (unless allowed), redirects checked
hop by hop, size capped, timeouts bounded. A real HTTP server on loopback plays the far end."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app import fetch
from app.fetch import FetchError

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path == "/photo.png":
            self._send(PNG, "image/png")
        elif self.path == "/big.png":
            self._send(b"x" * 5000, "image/png")
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/photo.png" if left == 0 else f"/hop/{left - 1}")
            self.end_headers()
        elif self.path == "/missing":
            self._send(b"no", "text/plain", status=404)

    def _send(self, body, content_type, status=200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def _clear_hits():
    Handler.hits.clear()


def test_a_local_server_is_refused_by_default_and_never_contacted(server):
    port = server.rsplit(":", 1)[1]
    for url in (f"{server}/photo.png", f"http://localhost:{port}/photo.png"):
        with pytest.raises(FetchError, match="private or local"):
            fetch.fetch(url, max_bytes=10_000)
    assert Handler.hits == []


def test_allowed_private_fetches_the_bytes(server):
    got = fetch.fetch(f"{server}/photo.png", max_bytes=10_000, allow_private=True)
    assert got.data == PNG and got.content_type == "image/png"


def test_redirects_are_followed_up_to_three(server):
    got = fetch.fetch(f"{server}/hop/2", max_bytes=10_000, allow_private=True)
    assert got.url.endswith("/photo.png") and got.data == PNG
    with pytest.raises(FetchError, match="redirects too many times"):
        fetch.fetch(f"{server}/hop/5", max_bytes=10_000, allow_private=True)


def test_size_cap_by_header_and_by_counting(server):
    with pytest.raises(FetchError, match="larger than"):
        fetch.fetch(f"{server}/big.png", max_bytes=1000, allow_private=True)
    with pytest.raises(FetchError, match="larger than"):
        fetch.fetch(f"{server}/chunked", max_bytes=4000, allow_private=True)


def test_error_status_is_reported(server):
    with pytest.raises(FetchError, match="404"):
        fetch.fetch(f"{server}/missing", max_bytes=1000, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.vn/a.png",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://u:p@example.vn/a",
    ],
)
def test_only_plain_http_links(url):
    with pytest.raises(FetchError):
        fetch.fetch(url, max_bytes=1000)


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.7"],
        ["169.254.169.254"],  # cloud metadata
        ["192.168.1.1"],
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["fd00::1"],
        ["203.0.113.9"],  # documentation range: not global either
        ["8.8.8.8", "127.0.0.1"],  # one bad answer is enough to refuse
    ],
)
def test_names_resolving_to_non_public_addresses_are_refused(monkeypatch, addresses):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match="private or local"):
        fetch.fetch("https://anh.htx.example/lac.jpg", max_bytes=1000)


def test_an_unknown_host_is_explained():
    with pytest.raises(FetchError, match="could not be found"):
        fetch.fetch("http://khong-co-ten-mien-nay.invalid/a.png", max_bytes=1000)


def test_a_silent_server_times_out():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        port = silent.getsockname()[1]
        with pytest.raises(FetchError, match="too long"):
            fetch.fetch(
                f"http://127.0.0.1:{port}/a.png",
                max_bytes=1000,
                allow_private=True,
                timeout=(1, 0.5),
            )
    finally:
        silent.close()
