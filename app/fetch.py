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
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from flask_babel import lazy_gettext as _l
from requests.adapters import HTTPAdapter

TIMEOUT = (5, 15)  # seconds to connect, seconds between bytes
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


class _PinnedAdapter(HTTPAdapter):
    """Connects to a given IP address while TLS checks the certificate for the host name."""

    def __init__(self, hostname: str, **kwargs):
        self._hostname = hostname
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self._hostname
        kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(*args, **kwargs)


def _checked_address(host: str, port: int, allow_private: bool) -> str:
    """The first address ``host`` resolves to, once every one of them is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_l("The address %(host)s could not be found.", host=host)) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not allow_private and not address.is_global:
            raise FetchError(
                _l(
                    "Links to private or local network addresses are not allowed (%(host)s).",
                    host=host,
                )
            )
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


def _get_once(url: str, max_bytes: int, allow_private: bool, timeout) -> requests.Response:
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
    try:
        return session.get(
            pinned, headers=headers, timeout=timeout, stream=True, allow_redirects=False
        )
    except requests.Timeout:
        raise FetchError(_l("The server at %(host)s took too long to answer.", host=host)) from None
    except requests.RequestException:
        raise FetchError(_l("The server at %(host)s could not be reached.", host=host)) from None


def fetch(url: str, *, max_bytes: int, allow_private: bool = False, timeout=TIMEOUT) -> Fetched:
    """GET ``url`` (following up to three checked redirects); raises :class:`FetchError`."""
    for _hop in range(MAX_REDIRECTS + 1):
        response = _get_once(url, max_bytes, allow_private, timeout)
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
            except requests.RequestException:
                raise FetchError(_l("The download was interrupted.")) from None
            return Fetched(url, bytes(body), response.headers.get("Content-Type", ""))
    raise FetchError(_l("This link redirects too many times."))


def _too_big(max_bytes: int):
    return _l("The file is larger than %(mb)s MB.", mb=f"{max_bytes / 1024 / 1024:g}")
