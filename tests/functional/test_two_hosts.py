"""Two hosts, one Lên Sàn: two gunicorn servers with the same settings (PostgreSQL, Redis,
media in a bucket of the local S3 server, jobs on an RQ queue) and a ``flask worker`` that
may die. Everything goes through real HTTP, as a browser without JavaScript behind a load
balancer would send it: a photo sent to host A is served by host B, and its renditions, made
by the worker, by both; a label run made on A, whose worker is killed half-way, is written
again from B and B's PDF has the run's codes."""

import io
import signal
from datetime import timedelta

import pytest
from PIL import Image

from app import storage
from app.background.heartbeat import DEAD_AFTER
from app.extensions import db as _db
from app.labels.services import run_codes
from app.models import LabelRun, ProductImage, RunStatus
from app.models.base import utcnow
from tests.support.browser_http import TIMEOUT, sign_in, submit
from tests.support.clients import PASSWORD
from tests.support.gunicorn import gunicorns, production_env
from tests.support.jobs import (
    finish_worker,
    freeze_mid_run,
    fresh,
    rq_app,
    signal_all,
    start_worker,
)
from tests.support.labels import decoded_pages, path_of
from tests.support.product_images import photo
from tests.support.redis_workers import redis_answers
from tests.support.s3 import REGION

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
LABELS = 400  # serialized: long enough to be caught half-way, short enough to decode quickly


@pytest.fixture(scope="module")
def jobs_app(request, app, tmp_path_factory):
    """What the hosts share: the database, a bucket and a job queue (an app of the suite's
    kind on them, in an app context, for the test to look at the rows); ``jobs_member`` and
    ``jobs_batch`` (tests/support/job_fixtures.py) are in its database. One for the module's
    tests: the database is emptied after each (conftest's ``_clean_state``)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("two hosts share a PostgreSQL database (set TEST_DATABASE_URL)")
    s3_server = request.getfixturevalue("s3_server")
    media = {"STORAGE": "s3", "S3_BUCKET": s3_server.new_bucket()}
    media |= {"S3_ENDPOINT_URL": s3_server.url, "S3_REGION": REGION}
    with rq_app(app, tmp_path_factory.mktemp("two-hosts"), **media) as made:
        yield made


@pytest.fixture(autouse=True)
def _forget_rows(jobs_app):
    """Each test's rows are its own: ``jobs_app``'s session lets go of them after it."""
    yield
    _db.session.remove()


@pytest.fixture(scope="module")
def hosts(jobs_app, tmp_path_factory):
    """Hosts A and B: gunicorn with production's settings file, CSRF checked, each with a
    local media folder that must stay empty. Yields their base URLs (for the module)."""
    folder = tmp_path_factory.mktemp("hosts")
    env = production_env(jobs_app, folder / "host-media")
    with gunicorns(env, folder, count=2) as urls:
        yield urls
    assert not list((folder / "host-media").rglob("*.*")), "a host kept media on its disk"


def test_a_photo_sent_to_one_host_is_served_by_the_other(hosts, jobs_app, jobs_member, jobs_batch):
    host_a, host_b = hosts
    browser = sign_in(host_a, jobs_member.email, PASSWORD)
    sent = photo(seed=7)
    product_id = jobs_batch.product_id
    response = submit(
        browser,
        f"{host_a}/products/{product_id}/images/",
        "/images/",
        files={"photos": ("lac-nhan.jpg", sent, "image/jpeg")},
    )
    assert response.status_code == 302, response.text[-2000:]
    _db.session.expire_all()
    image = _db.session.scalars(_db.select(ProductImage)).one()

    stored = storage.read(image.original_key)  # the photo as kept (its metadata stripped)
    assert Image.open(io.BytesIO(stored)).size == Image.open(io.BytesIO(sent)).size
    for host in (host_b, host_a):
        served = browser.get(f"{host}/media/{image.original_key}", timeout=TIMEOUT)
        assert served.status_code == 200, host
        assert served.content == stored and served.headers["Content-Type"] == "image/jpeg"
    photos_page = f"{host_b}/products/{product_id}/images/"
    page = browser.get(photos_page, timeout=TIMEOUT).text  # renditions: a worker's job
    assert f'src="/media/{image.original_key}"' in page and "đang xử lý" in page

    finish_worker(start_worker(jobs_app, "--burst"))
    _db.session.expire_all()
    image = _db.session.get_one(ProductImage, image.id)
    page = browser.get(photos_page, timeout=TIMEOUT).text
    assert f'src="/media/{image.thumb_key}"' in page and "đang xử lý" not in page
    thumb = browser.get(f"{host_a}/media/{image.thumb_key}", timeout=TIMEOUT)
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/webp"


def test_a_run_made_on_one_host_survives_its_worker_and_downloads_from_the_other(
    hosts, jobs_app, jobs_member, jobs_batch, tmp_path
):
    host_a, host_b = hosts
    browser = sign_in(host_a, jobs_member.email, PASSWORD)
    made = submit(
        browser,
        f"{host_a}/labels/new?batch={jobs_batch.id}",
        "/labels/new",
        {"template": "a4-4x10", "kind": "serialized", "count": str(LABELS), "error_level": "M"},
    )
    assert made.status_code == 302, made.text[-2000:]
    run = _db.session.scalars(_db.select(LabelRun)).one()
    assert run.status == RunStatus.QUEUED and made.headers["Location"].endswith(f"/{run.id}")

    worker = start_worker(jobs_app, "--burst")
    frozen = freeze_mid_run(worker, run.id)
    assert 0 < fresh(LabelRun, run.id).done < LABELS
    signal_all(frozen, signal.SIGKILL)  # the worker and its job process, with no warning
    worker.wait(timeout=TIMEOUT)
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.RUNNING and run.file_key is None

    run.heartbeat_at = utcnow() - DEAD_AFTER - timedelta(seconds=1)  # its worker: gone
    _db.session.commit()
    again = submit(browser, f"{host_b}/labels/runs/{run.id}", f"/labels/runs/{run.id}/write")
    assert again.status_code == 302 and fresh(LabelRun, run.id).status == RunStatus.QUEUED
    finish_worker(start_worker(jobs_app, "--burst"))
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.DONE and run.done == LABELS

    pdf = browser.get(f"{host_b}/labels/runs/{run.id}/labels.pdf", timeout=TIMEOUT)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    printed = [path_of(url) for page in decoded_pages(pdf.content, 100) for url in page]
    assert printed == [f"/T/{code}" for code in run_codes(run)]
