"""Fetching an image named by URL: public addresses only (unless allowed), redirects checked
hop by hop, size capped, timeouts bounded. A real HTTP server on loopback plays the far end."""

import contextlib
import ipaddress
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


# --- a total deadline per link ------------------------------------------------------------


class Trickler:
    """A server on loopback that sends ``prefix`` then one more byte every 0.1 s, forever
    (until the client goes away): no single read ever waits long enough to time out."""

    def __init__(self, prefix: bytes, drip: bytes = b"x"):
        self.prefix, self.drip = prefix, drip
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        self.served = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def _serve(self):
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        self.served += 1
        with conn:
            conn.settimeout(0.2)
            with contextlib.suppress(OSError):
                conn.recv(65536)  # the request (or the TLS client hello)
            try:
                conn.sendall(self.prefix)
                for _ in range(600):  # a minute at most, should the test fail
                    if self.stop.wait(0.1):
                        return
                    conn.sendall(self.drip)
            except OSError:
                return  # the client hung up: what the deadline is for

    def close(self):
        self.stop.set()
        self.listener.close()


@pytest.mark.parametrize(
    ("scheme", "prefix", "drip"),
    [
        (
            "http",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n",
            b"x",
        ),
        ("http", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", b"x"),  # no length
        ("http", b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a"),  # headers that never end
        ("https", b"\x16\x03\x03\x40\x00", b"\x00"),  # a TLS record that never completes
    ],
    ids=["body", "body-without-length", "headers", "tls-handshake"],
)
def test_a_server_sending_a_byte_at_a_time_is_cut_off_by_the_total_deadline(scheme, prefix, drip):
    server = Trickler(prefix, drip)
    try:
        with pytest.raises(FetchError, match="too long"):
            fetch.fetch(
                f"{scheme}://127.0.0.1:{server.port}/slow.png",
                max_bytes=1_000_000,
                allow_private=True,
                timeout=(5, 5),  # no single read waits this long: only the deadline can end it
                total_seconds=1,
            )
        assert server.served == 1
    finally:
        server.close()


def test_the_deadline_covers_every_hop_and_a_quick_link_is_unaffected(server):
    got = fetch.fetch(f"{server}/hop/2", max_bytes=10_000, allow_private=True, total_seconds=5)
    assert got.data == PNG
    assert fetch.FETCH_TOTAL_SECONDS == 15


# --- IPv6 forms that carry an IPv4 address ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.7",
        "::127.0.0.1",  # IPv4-compatible (deprecated): refused whatever it carries
        "::8.8.8.8",
        "::ffff:0:127.0.0.1",  # IPv4-translated (SIIT), in ::/8 as well
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the cloud metadata address
        "64:ff9b:1::808:808",  # local-use NAT64: the operator's translator
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    ],
)
def test_ipv6_forms_carrying_a_private_ipv4_are_not_public(text):
    assert not fetch.is_public(ipaddress.ip_address(text))


@pytest.mark.parametrize(
    "text", ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111", "8.8.8.8"]
)
def test_forms_carrying_a_public_ipv4_and_plain_public_addresses_pass(text):
    assert fetch.is_public(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::"])
def test_a_name_resolving_to_an_embedded_loopback_is_refused_and_never_contacted(monkeypatch, text):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (text, port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match="private or local"):
        fetch.fetch("https://anh.htx.example/lac.jpg", max_bytes=1000)
