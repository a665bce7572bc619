"""Fetch a file a user named by URL (an import's image column) without letting the URL reach
inside our own network.

Every hop is checked before any connection: http or https only, no credentials in the URL,
and every address the host name resolves to must be a public one (not loopback, private,
link-local, multicast or reserved) unless the caller allows private addresses (a setting, for
a lab). The connection then goes to the address that was checked, not to a second lookup, so a
host name cannot resolve to a public address for the check and to 127.0.0.1 for the request
(DNS rebinding); TLS still verifies the certificate against the host name. Redirects are
followed by hand, at most three, each hop checked the same way. Timeouts bound the connection
and each read; the body is read in chunks and abandoned past ``max_bytes``.

IPv6 forms that carry an IPv4 address are judged by that address: IPv4-mapped
(``::ffff:0:0/96``), NAT64 (``64:ff9b::/96``) and 6to4 (``2002::/16``) pass only when the
address inside is public, since DNS64 networks and old tunnels hand them out for ordinary
public hosts. The rest of ``::/8`` (IPv4-compatible ``::a.b.c.d``, deprecated since RFC 4291,
and the IPv4-translated form) and the local-use NAT64 prefix ``64:ff9b:1::/48`` (whose
translator is the operator's own, so may lead anywhere inside) are refused outright.

A server that answers a byte at a time never trips a per-read timeout, so each link also has
a total deadline (:data:`FETCH_TOTAL_SECONDS`, for every hop together): a watchdog shuts the
link's sockets when it passes, whatever phase (TLS, headers, body) the fetch is in.
"""

import contextlib
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from flask_babel import lazy_gettext as _l
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

TIMEOUT = (5, 15)  # seconds to connect, seconds between bytes
FETCH_TOTAL_SECONDS = 15  # for one link, redirects included, from the first lookup to the last byte
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "LenSan-importer/1.0 (+https://lensan.vn)"


class FetchError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Fetched:
    url: str  # the last hop's URL
    data: bytes
    content_type: str


class _Deadline:
    """The total time one link may take; past it, every socket opened for it is shut.

    It keeps a duplicate of each socket's descriptor: shutting that down ends the connection
    even once TLS has wrapped (and detached) the socket it was taken from, and a descriptor of
    its own can never have been reused for another connection meanwhile.
    """

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                _shut(self._sockets[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv in the fetching thread


_current = threading.local()  # the deadline of the fetch running in this thread


def _watched(sock: socket.socket) -> socket.socket:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)
    return sock


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _watched(super()._new_conn())


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _watched(super()._new_conn())


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _PinnedAdapter(HTTPAdapter):
    """Connects to a given IP address while TLS checks the certificate for the host name;
    its sockets are watched by the fetch's deadline."""

    def __init__(self, hostname: str, **kwargs):
        self._hostname = hostname
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self._hostname
        kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IETF_RESERVED = ipaddress.ip_network("::/8")  # IPv4-compatible and -translated forms among it


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 or 6to4 address carries, else None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """May a fetch connect to ``address``? Public ones only; an IPv6 form carrying an IPv4
    address is judged by that address (see the module's note)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return inner.is_global
        if address in _IETF_RESERVED or address in _NAT64_LOCAL:
            return False
    return address.is_global


def _checked_address(host: str, port: int, allow_private: bool) -> str:
    """The first address ``host`` resolves to, once every one of them is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_l("The address %(host)s could not be found.", host=host)) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not allow_private and not is_public(address):
            raise FetchError(
                _l(
                    "Links to private or local network addresses are not allowed (%(host)s).",
                    host=host,
                )
            )
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    if not addresses:
        raise FetchError(_l("The address %(host)s could not be found.", host=host))
    return str(addresses[0])


def _split(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_l("Only http:// and https:// links can be fetched."))
    if parts.username or parts.password:
        raise FetchError(_l("Links with a user name or password are not allowed."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(_l("This link has an invalid port.")) from None
    return parts, port


def _get_once(url: str, allow_private: bool, timeout, deadline: _Deadline) -> requests.Response:
    parts, port = _split(url)
    host = parts.hostname
    address = _checked_address(host, port, allow_private)
    netloc = f"[{address}]" if ":" in address else address
    pinned = parts._replace(netloc=f"{netloc}:{port}").geturl()
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment may bypass the address check
    session.mount(f"{parts.scheme}://", _PinnedAdapter(host))
    default_port = (parts.scheme == "https" and port == 443) or (
        parts.scheme == "http" and port == 80
    )
    headers = {
        "Host": host if default_port else f"{host}:{port}",
        "User-Agent": USER_AGENT,
        "Accept": "image/jpeg, image/png, image/webp;q=0.9, */*;q=0.1",
    }
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    left = deadline.remaining()
    try:
        return session.get(
            pinned,
            headers=headers,
            timeout=(min(connect, left), min(read, left)),
            stream=True,
            allow_redirects=False,
        )
    except requests.Timeout:
        raise _too_slow(url) from None
    except requests.RequestException:
        if deadline.expired:
            raise _too_slow(url) from None
        raise FetchError(_l("The server at %(host)s could not be reached.", host=host)) from None


def fetch(
    url: str,
    *,
    max_bytes: int,
    allow_private: bool = False,
    timeout=TIMEOUT,
    total_seconds: float = FETCH_TOTAL_SECONDS,
) -> Fetched:
    """GET ``url`` (following up to three checked redirects); raises :class:`FetchError`.

    ``timeout`` bounds the connection and each read, ``total_seconds`` the whole link.
    """
    deadline = _Deadline(total_seconds)
    _current.deadline = deadline
    try:
        return _fetch(url, max_bytes, allow_private, timeout, deadline)
    finally:
        deadline.cancel()
        _current.deadline = None


def _fetch(url: str, max_bytes: int, allow_private: bool, timeout, deadline) -> Fetched:
    for _hop in range(MAX_REDIRECTS + 1):
        response = _get_once(url, allow_private, timeout, deadline)
        with response:
            if response.is_redirect:
                location = response.headers.get("Location", "")
                url = urljoin(url, location)
                continue
            if response.status_code != 200:
                raise FetchError(
                    _l("The server answered %(status)d for this link.", status=response.status_code)
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_big(max_bytes))
            body = bytearray()
            try:
                for chunk in response.iter_content(CHUNK):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(_too_big(max_bytes))
                    if deadline.expired:
                        raise _too_slow(url)
            except requests.RequestException:
                if deadline.expired:
                    raise _too_slow(url) from None
                raise FetchError(_l("The download was interrupted.")) from None
            if deadline.expired:  # the watchdog's shutdown ends a body without a length early
                raise _too_slow(url)
            return Fetched(url, bytes(body), response.headers.get("Content-Type", ""))
    raise FetchError(_l("This link redirects too many times."))


def _too_slow(url: str) -> FetchError:
    host = urlsplit(url).hostname or url
    return FetchError(_l("The server at %(host)s took too long to answer.", host=host))


def _too_big(max_bytes: int):
    return _l("The file is larger than %(mb)s MB.", mb=f"{max_bytes / 1024 / 1024:g}")
