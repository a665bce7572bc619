"""Scans of trace pages: recording one cheaply, and the counts staff see.

Decree 13/2023 asks us to collect the least: a scan keeps the time, the code that was opened,
a coarse device class guessed from the User-Agent, the local day, a visitor hash
``sha256(day salt + IP + User-Agent)`` and a network hash ``sha256(day salt + IPv4 address or
IPv6 /64)``. The day salt is derived from ``SECRET_KEY`` and the day, so the hashes count
unique visitors within a day but cannot be linked across days, and the IP address itself is
never stored anywhere. The network hash is what a serial's copy alarm counts: changing the
User-Agent, or the IPv6 privacy address, does not make a new visitor.
"""

import atexit
import functools
import hashlib
import hmac
import ipaddress
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import distinct, func, insert, select, text

from ..clock import local_day, local_today
from ..extensions import db
from ..metrics import SCANS
from ..models import Batch, Scan
from ..models.base import utcnow

DAYS = 30  # the staff chart's window

# Crawlers, HTTP libraries and the link previews of chat apps (a shared link is fetched by
# the app, not opened by a person). Zalo's in-app browser says "Mozilla/5.0 … Zalo/…": only a
# "Zalo" agent that is not a browser is its link preview.
_BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|zalo.*link|curl|wget|python-|"
    r"httpx|go-http-client|java/|okhttp|libwww|scrapy|monitor|uptime|whatsapp|telegram|"
    r"discord|viber|skypeuri|linkexpand|embedly|iframely|vkshare|^(?!mozilla/).*zalo",
    re.IGNORECASE,
)
BOT = "bot"  # the device class of crawlers and link previews: not a person holding a pack
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|sm-t\d", re.IGNORECASE)
_PHONE = re.compile(r"mobi|iphone|ipod|android|windows phone|opera mini|kaios", re.IGNORECASE)
_DESKTOP = re.compile(r"windows nt|macintosh|mac os x|x11|linux|cros", re.IGNORECASE)


@functools.lru_cache(maxsize=512)  # a few agents make most scans: their rules run once
def device_class(user_agent: str | None) -> str:
    """ "bot", "tablet", "phone", "desktop" or "other", by a few plain rules on the UA."""
    ua = user_agent or ""
    if not ua.strip() or _BOT.search(ua):
        return "bot" if ua.strip() else "other"
    if _TABLET.search(ua) or ("android" in ua.lower() and "mobile" not in ua.lower()):
        return "tablet"
    if _PHONE.search(ua):
        return "phone"
    if _DESKTOP.search(ua):
        return "desktop"
    return "other"


def is_link_preview(user_agent: str | None) -> bool:
    """Whether a view is a chat app's link preview or a crawler (Zalo, facebookexternalhit,
    Twitterbot, TelegramBot, WhatsApp, Slackbot, Discordbot, LinkedInBot, Googlebot…), not a
    person holding a pack: such a view is never recorded as a scan. The one check every place
    that records a scan asks (app/public/trace_responses.py, app/public/front.py)."""
    return device_class(user_agent) == BOT


@functools.lru_cache(maxsize=8)
def day_salt(secret: str, day: date) -> bytes:
    """A secret that changes every day: yesterday's hashes cannot be matched with today's."""
    return hmac.new(secret.encode(), f"scan-visitor:{day.isoformat()}".encode(), "sha256").digest()


def visitor_hash(secret: str, day: date, remote_addr: str | None, user_agent: str | None) -> str:
    """The per-day visitor key; the address goes into the hash and nowhere else."""
    digest = hashlib.sha256(day_salt(secret, day))
    digest.update(f"\x00{remote_addr or ''}\x00{user_agent or ''}".encode())
    return digest.hexdigest()


def network_hash(secret: str, day: date, remote_addr: str | None) -> str:
    """The per-day key of the visitor's network: the IPv4 address, or the /64 of an IPv6
    address (a phone rotates its privacy address inside it)."""
    try:
        address = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        network = remote_addr or ""
    else:
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            address = mapped
        if address.version == 6:
            network = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            network = str(address)
    digest = hashlib.sha256(day_salt(secret, day))
    digest.update(f"\x00network\x00{network}".encode())
    return digest.hexdigest()


# Built once; the values come with each execution.
_INSERT = insert(db.metadata.tables[Scan.__tablename__])
_ASYNC_COMMIT = text("SET LOCAL synchronous_commit TO OFF")


def scan_row(
    batch_id: int,
    code: str,
    remote_addr: str | None,
    user_agent: str | None,
    secret: str,
    now: datetime | None = None,
    serial_check: str | None = None,
) -> dict:
    """The row a view of a trace page leaves: no address, a per-day visitor hash;
    ``serial_check`` ("genuine" or "forged") when the code was a serialized label's."""
    now = now or utcnow()
    day = local_day(now)
    return {
        "batch_id": batch_id,
        "code": code[:64],
        "scanned_at": now,
        "day": day,
        "device": device_class(user_agent),
        "visitor": visitor_hash(secret, day, remote_addr, user_agent),
        "network": network_hash(secret, day, remote_addr),
        "serial_check": serial_check,
    }


def record_scan(row: dict) -> None:
    """One scan (a :func:`scan_row`) INSERTed and committed now, in the request's session; the
    caller decides what to do if the database refuses."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(_ASYNC_COMMIT)
    db.session.execute(_INSERT, row)
    db.session.commit()
    SCANS.inc()


def write_scans(rows: list[dict]) -> None:
    """Several scans in one INSERT and one commit, on a connection of their own."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A scan is worth less than a flush to disk: PostgreSQL may acknowledge the commit
            # before its WAL is on disk (a crash can lose the last moment of scans, never
            # corrupt anything). SQLite's WAL with synchronous=NORMAL is already like this.
            connection.execute(_ASYNC_COMMIT)
        connection.execute(_INSERT, rows)
    SCANS.inc(len(rows))


class ScanWriter:
    """Scans of one worker process waiting to be written: a trace page view only appends its
    row; every ``batch_size`` rows, or ``seconds`` after the first waiting one, they go in
    one INSERT. Staff charts lag by those seconds at most; a worker that is killed outright
    (not stopped) loses what was waiting."""

    def __init__(self, app, batch_size: int, seconds: float):
        self.app = app
        self.batch_size = batch_size
        self.seconds = seconds
        self.rows: list[dict] = []
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        atexit.register(self.flush)

    def add(self, row: dict) -> None:
        with self.lock:
            self.rows.append(row)
            full = len(self.rows) >= self.batch_size
            if not full and self.timer is None:
                self.timer = threading.Timer(self.seconds, self.flush)
                self.timer.daemon = True
                self.timer.start()
        if full:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            rows, self.rows = self.rows, []
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        if not rows:
            return
        with self.app.app_context():
            try:
                write_scans(rows)
            except Exception:  # counting views must never take the site down
                self.app.logger.exception("%d scans not recorded", len(rows))


def scan_writer(app) -> ScanWriter:
    """The process's writer for ``app`` (made on first use)."""
    writer = app.extensions.get("scan_writer")
    if writer is None:
        writer = app.extensions["scan_writer"] = ScanWriter(
            app, app.config["SCAN_BATCH_SIZE"], app.config["SCAN_FLUSH_SECONDS"]
        )
    return writer


# --- What staff see -----------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    scans: int
    visitors: int


@dataclass(frozen=True)
class ScanSummary:
    days: list[DayCount]  # every day of the window, oldest first, zeros included
    scans: int  # over the window
    visitors: int  # sum of each day's unique visitors (a person on two days counts twice)
    all_time: int


@dataclass(frozen=True)
class BatchScans:
    batch: Batch
    scans: int
    visitors: int
    last_day: date | None


def _window(today: date, days: int) -> list[date]:
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def scan_summary(batch_ids, today: date | None = None, days: int = DAYS) -> ScanSummary:
    """Scans and unique visitors per day over the last ``days`` days for these batches (people
    only: crawlers and link previews are left out)."""
    today = today or local_today()
    start = today - timedelta(days=days - 1)
    ids = list(batch_ids)
    rows = db.session.execute(
        select(Scan.day, func.count(Scan.id), func.count(distinct(Scan.visitor)))
        .where(Scan.batch_id.in_(ids), Scan.device != BOT)
        .where(Scan.day >= start)
        .group_by(Scan.day)
    ).all()
    found = {row[0]: (row[1], row[2]) for row in rows}
    series = [DayCount(d, *found.get(d, (0, 0))) for d in _window(today, days)]
    all_time = db.session.execute(
        select(func.count(Scan.id)).where(Scan.batch_id.in_(ids), Scan.device != BOT)
    ).scalar_one()
    return ScanSummary(
        days=series,
        scans=sum(d.scans for d in series),
        visitors=sum(d.visitors for d in series),
        all_time=all_time,
    )


def scans_per_batch(cooperative_ids, today: date | None = None, days: int = DAYS):
    """Each batch of these cooperatives with its scans over the window (crawlers and link
    previews left out), most scanned first."""
    today = today or local_today()
    start = today - timedelta(days=days - 1)
    counts = (
        select(
            Scan.batch_id.label("batch_id"),
            func.count(Scan.id).label("scans"),
            func.count(distinct(Scan.day.cast(db.String) + Scan.visitor)).label("visitors"),
            func.max(Scan.day).label("last_day"),
        )
        .where(Scan.day >= start, Scan.device != BOT)
        .group_by(Scan.batch_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Batch, counts.c.scans, counts.c.visitors, counts.c.last_day)
        .join(counts, counts.c.batch_id == Batch.id)
        .where(Batch.cooperative_id.in_(list(cooperative_ids)))
        .order_by(counts.c.scans.desc(), Batch.code)
    ).all()
    return [BatchScans(batch, scans, visitors, last) for batch, scans, visitors, last in rows]
