"""No request of the app runs longer than 2 s on the demo data, whatever the work asked: a
10,000-label run, a 200-photo product import, a push to a partner that never answers. Each
becomes a job (queued here: no worker runs); the test drives a live gunicorn (production's
settings file) over real HTTP, redirects included.

What a request does is asserted, not how long a busy machine takes to answer it: the CPU time
gunicorn's workers spend on each request stays under 2 s (the 10,000 labels take 27 s and
more), no photo is fetched and the partner is not called during the requests (the photos'
server counts its hits, the partner's listener finds no connection waiting), the labels' PDF
is not written. The worker timeout (30 s) is the backstop: a request doing the work itself
(labels, 200 photos at 0.9 s each, 4 calls to the partner waiting 10 s each) is killed and
fails, while load alone cannot slow a short request that much. Wall times are printed."""

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import requests

from app.demo import DEMO_PASSWORD
from app.extensions import db as _db
from app.models import Job, JobStatus, LabelRun, RunStatus
from app.trace.demo import demo_batch
from tests.support.browser_http import sign_in, submit
from tests.support.database import empty_database
from tests.support.demo import restore
from tests.support.gunicorn import production_env, servers
from tests.support.jobs import rq_app
from tests.support.loopback import QuietHandler, serve_folder
from tests.support.product_images import photo
from tests.support.product_import_files import prow, xlsx
from tests.support.redis_workers import redis_answers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
LONGEST = 2.0  # seconds of the workers' CPU time per request
MEMBER = "hoa@htxlambinh.example.vn"  # a member of HTX Lâm Bình in the demo
PHOTOS = 200


@pytest.fixture(scope="module")
def demo_app(app, tmp_path_factory):
    """A database and a media folder gunicorn and a worker can open, jobs on a queue of their
    own (no worker runs: the requests only queue them); one for the module's tests, each of
    which finds the demo in it (``demo_again``)."""
    with rq_app(app, tmp_path_factory.mktemp("requests-stay-short")) as made:
        yield made


@pytest.fixture(autouse=True)
def demo_again(demo_app, demo_snapshot):
    """The demo, as seeded, in ``demo_app``'s database for each test (what the test before
    left there deleted first)."""
    empty_database(demo_app)
    restore(demo_app, demo_snapshot)
    yield
    _db.session.remove()


@pytest.fixture(scope="module")
def silent_partner():
    """A partner that takes connections and never answers: its listening socket (connections
    wait in its backlog, never accepted, never answered)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.setblocking(False)
        yield listener


@pytest.fixture(scope="module")
def gunicorn(demo_app, tmp_path_factory, silent_partner):
    """A live gunicorn on ``demo_app``'s database, queue and media, for the module's tests."""
    env = production_env(
        demo_app,
        demo_app.config["MEDIA_ROOT"],
        GUNICORN_TIMEOUT="30",
        IMPORT_ALLOW_PRIVATE_URLS="1",
        PUSH_PROVINCE_URL=f"http://127.0.0.1:{silent_partner.getsockname()[1]}/api/listings",
        PUSH_PROVINCE_TOKEN="province-token",
    )
    with servers(env, tmp_path_factory.mktemp("gunicorn")) as [started]:
        yield started


@pytest.fixture
def server(gunicorn):
    return gunicorn.url


@pytest.fixture
def browser(gunicorn):
    """A member signed in, what each request costs gunicorn's workers noted."""
    session = MeteredSession(lambda: _workers_cpu(gunicorn.process.pid))
    return sign_in(gunicorn.url, MEMBER, DEMO_PASSWORD, session=session)


def _assert_short(browser: "MeteredSession") -> None:
    """Every request ``browser`` sent cost the workers less than 2 s of CPU and did not fail
    (a worker killed by the timeout fails its request); wall times printed."""
    print(*browser.sent, sep="\n")
    heavy = [sent for sent in browser.sent if sent.cpu >= LONGEST or sent.status >= 500]
    assert browser.sent and not heavy, heavy


class Sent(NamedTuple):
    """A request: the CPU seconds the server's workers spent on it, its wall-clock seconds
    (for information: a busy machine makes them long), and whether a worker came or went."""

    method: str
    url: str
    status: int
    cpu: float
    wall: float
    workers_changed: bool


class MeteredSession(requests.Session):
    """A session noting in ``sent`` what each request (redirects followed included) cost the
    server, from ``workers``: the CPU seconds each worker process has used so far, by pid.
    Requests are sent one at a time, so whatever the workers used meanwhile is the request's."""

    def __init__(self, workers: Callable[[], dict[int, float]]) -> None:
        super().__init__()
        self.workers = workers
        self.sent: list[Sent] = []

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        before, start = self.workers(), time.perf_counter()
        response = super().request(method, url, *args, **kwargs)
        wall, after = time.perf_counter() - start, self.workers()
        cpu = sum(after[pid] - before[pid] for pid in before.keys() & after.keys())
        changed = before.keys() != after.keys()
        self.sent.append(Sent(method, url, response.status_code, cpu, wall, changed))
        return response


def _workers_cpu(master: int) -> dict[int, float]:
    """CPU seconds (user and system, its waited-for children's included) used so far by each
    process whose parent is ``master``, by pid (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == master:
            used[int(stat.parent.name)] = sum(int(field) for field in fields[11:15]) / tick
    assert used, f"gunicorn {master} has no workers"
    return used


def _assert_never_called(partner: socket.socket) -> None:
    try:
        connection, _ = partner.accept()
    except BlockingIOError:
        return
    connection.close()
    raise AssertionError("a request connected to the partner instead of queueing the push")


def test_a_10000_label_run_is_queued_in_a_short_request(server, browser, demo_app):
    batch = demo_batch("TQPNT2607A")
    made = submit(
        browser,
        f"{server}/labels/new?batch={batch.id}",
        "/labels/new",
        {"template": "a4-4x10", "kind": "serialized", "count": "10.000", "error_level": "M"},
    )
    assert made.status_code == 302, made.text[-2000:]
    run = _db.session.scalars(_db.select(LabelRun).order_by(LabelRun.id.desc())).first()
    assert (run.count, run.status) == (10_000, RunStatus.QUEUED)
    assert browser.get(server + made.headers["Location"], timeout=30).status_code == 200
    media = Path(demo_app.config["MEDIA_ROOT"])
    assert not (media / f"labels/run-{run.id}.pdf").exists()
    _assert_short(browser)


def test_a_200_photo_import_is_queued_in_short_requests(server, browser, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "anh.jpg").write_bytes(photo((1600, 1200)))
    with serve_folder(folder) as base:
        rows = [
            prow(cooperative="htx-lam-binh", name=f"Sản phẩm nhập {n}", category="Chè",
                 unit="gói", sku=f"NHAP-{n}", price="10000", images=f"{base}/anh.jpg?n={n}")
            for n in range(PHOTOS)
        ]  # fmt: skip
        preview = browser.post(
            f"{server}/import/products",
            files={"file": ("san-pham.xlsx", xlsx(rows))},
            data={"csrf_token": _token(browser, f"{server}/import/products")},
            timeout=30,
        )
        assert preview.status_code == 200 and "/import/products/confirm" in preview.text
        confirmed = submit(browser, preview.url, "/import/products/confirm")
        assert browser.get(server + confirmed.headers["Location"], timeout=30).status_code == 200
        assert QuietHandler.hits == [], "the requests fetched the photos instead of queueing"
    assert confirmed.status_code == 302 and "/jobs/" in confirmed.headers["Location"]
    job = _job_at(confirmed.headers["Location"])
    assert (job.kind, job.total, job.status) == ("imports.products", PHOTOS, JobStatus.QUEUED)
    _assert_short(browser)


def _job_at(location: str) -> Job:
    """The job whose page ``location`` is (the demo has jobs of its own)."""
    return _db.session.get_one(Job, int(location.rstrip("/").rsplit("/", 1)[1]))


def _token(browser, url: str) -> str:
    from tests.support.html_pages import parse_html

    page = parse_html(browser.get(url, timeout=30).text)
    return page.find("input", name="csrf_token").attrs["value"]


def test_a_push_to_a_partner_that_never_answers_is_queued_in_short_requests(
    server, browser, silent_partner
):
    coop = demo_batch("TQPNT2607A").cooperative
    check = f"{server}/exports/check?marketplace=province&cooperative={coop.id}"
    pushed = submit(browser, check, "/exports/push")
    assert pushed.status_code in (302, 303) and "/jobs/" in pushed.headers["Location"]
    job = _job_at(pushed.headers["Location"])
    assert (job.kind, job.status) == ("exports.push", JobStatus.QUEUED)
    assert browser.get(server + pushed.headers["Location"], timeout=30).status_code == 200
    _assert_never_called(silent_partner)
    _assert_short(browser)
