"""No request of the app runs longer than 2 s on the demo data, whatever the work asked: a
10,000-label run, a 200-photo product import, a push to a partner that never answers. Each
becomes a job (queued here: no worker runs); the test drives a live gunicorn (production's
settings file, a short worker timeout) over real HTTP and times every request, redirects
included."""

import socket

import pytest

from app.demo import DEMO_PASSWORD
from app.extensions import db as _db
from app.models import Job, JobStatus, LabelRun, RunStatus
from app.trace.demo import demo_batch
from tests.support.browser_http import TimedSession, sign_in, submit
from tests.support.database import empty_database
from tests.support.demo import restore
from tests.support.gunicorn import gunicorns, production_env
from tests.support.jobs import rq_app
from tests.support.loopback import serve_folder
from tests.support.product_images import photo
from tests.support.product_import_files import prow, xlsx
from tests.support.redis_workers import redis_answers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
LONGEST = 2.0  # seconds
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
    """A partner's address that takes connections and never answers; yields its URL."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # connections wait in the backlog: never accepted, never answered
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api/listings"


@pytest.fixture(scope="module")
def server(demo_app, tmp_path_factory, silent_partner):
    """A live gunicorn on ``demo_app``'s database, queue and media, for the module's tests."""
    env = production_env(
        demo_app,
        demo_app.config["MEDIA_ROOT"],
        GUNICORN_TIMEOUT="5",
        IMPORT_ALLOW_PRIVATE_URLS="1",
        PUSH_PROVINCE_URL=silent_partner,
        PUSH_PROVINCE_TOKEN="province-token",
    )
    with gunicorns(env, tmp_path_factory.mktemp("gunicorn")) as [base]:
        yield base


@pytest.fixture
def browser(server):
    return sign_in(server, MEMBER, DEMO_PASSWORD, session=TimedSession())


def _assert_short(browser: TimedSession) -> None:
    slow = [t for t in browser.timings if t[2] >= LONGEST or t[3] >= 500]
    assert browser.timings and not slow, slow


def test_a_10000_label_run_is_queued_in_a_short_request(server, browser):
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
    assert confirmed.status_code == 302 and "/jobs/" in confirmed.headers["Location"]
    job = _job_at(confirmed.headers["Location"])
    assert (job.kind, job.total, job.status) == ("imports.products", PHOTOS, JobStatus.QUEUED)
    assert browser.get(server + confirmed.headers["Location"], timeout=30).status_code == 200
    _assert_short(browser)


def _job_at(location: str) -> Job:
    """The job whose page ``location`` is (the demo has jobs of its own)."""
    return _db.session.get_one(Job, int(location.rstrip("/").rsplit("/", 1)[1]))


def _token(browser, url: str) -> str:
    from tests.support.html_pages import parse_html

    page = parse_html(browser.get(url, timeout=30).text)
    return page.find("input", name="csrf_token").attrs["value"]


def test_a_push_to_a_partner_that_never_answers_is_queued_in_short_requests(server, browser):
    coop = demo_batch("TQPNT2607A").cooperative
    check = f"{server}/exports/check?marketplace=province&cooperative={coop.id}"
    pushed = submit(browser, check, "/exports/push")
    assert pushed.status_code in (302, 303) and "/jobs/" in pushed.headers["Location"]
    job = _job_at(pushed.headers["Location"])
    assert (job.kind, job.status) == ("exports.push", JobStatus.QUEUED)
    assert browser.get(server + pushed.headers["Location"], timeout=30).status_code == 200
    _assert_short(browser)
