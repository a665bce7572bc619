"""Fixtures: the app, a clean database per test, users of each role, signed-in clients.

Helpers that are not fixtures live in ``tests/support/``."""

from tests.support.passwords import use_cheap_hashes

use_cheap_hashes()  # before anything imports app.auth.services, which hashes at import time

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from app import create_app, storage  # noqa: E402
from app.extensions import db as _db  # noqa: E402
from tests.support import factories  # noqa: E402
from tests.support.clients import PASSWORD, IsolatedClient, sign_in  # noqa: E402
from tests.support.database import empty_database  # noqa: E402
from tests.support.demo import restore, take_snapshot  # noqa: E402
from tests.support.s3 import CREDENTIALS, REGION, S3Server  # noqa: E402

pytest_plugins = (
    "tests.support.job_fixtures",  # jobs_app, jobs_member, jobs_batch
    "tests.support.kept_pages",  # kept, dispatched
)

# No per-example deadline: on a shared, loaded machine an example may take 300 ms where it
# took 20, and a test must not fail by timing alone (examples still fail on what they check).
settings.register_profile("lensan", deadline=None)
settings.load_profile("lensan")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app("testing", MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Empty every table, every rate-limit counter and the kept uploads after each test."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    empty_database(app)
    # A preview keeps its upload until it is confirmed; tests count the uploads they keep.
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "imports", ignore_errors=True)
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "kept", ignore_errors=True)  # kept_uploads


@pytest.fixture(scope="session")
def s3_server():
    """The local S3-compatible server (moto), started once for the tests that ask for it; its
    made-up credentials are in the environment meanwhile, as boto3 reads them there."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CREDENTIALS.items():
            patch.setenv(name, value)
        server = S3Server()
        yield server
        server.stop()


@pytest.fixture(params=["local", "s3"])
def media_backend(request, app, tmp_path):
    """The test runs twice: media on the local folder (the default), then in a fresh bucket of
    the local S3 server, configured as a deployment would (STORAGE=s3 …), with an empty
    MEDIA_ROOT that must stay empty. Returns the backend."""
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        settings = {"STORAGE": "s3", "S3_BUCKET": server.new_bucket(),
                    "S3_ENDPOINT_URL": server.url, "S3_REGION": REGION,
                    "MEDIA_ROOT": str(tmp_path / "media")}  # fmt: skip
    else:
        settings = {"STORAGE": None}
    before = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    with app.app_context():
        backend = storage.backend()
    assert backend.name == request.param
    yield backend
    app.config.update(before)


@pytest.fixture
def db(app):
    """An app context with the database session, for tests that create or read rows."""
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture(scope="session")
def demo_snapshot(app):
    """The demo seeded once for the whole run (see tests/support/demo.py)."""
    snapshot = take_snapshot(app)
    yield snapshot
    shutil.rmtree(snapshot.media, ignore_errors=True)


@pytest.fixture
def demo(app, db, demo_snapshot):
    """The demo in this test's database, as ``flask seed-demo`` leaves it; returns the lines the
    seeding printed. Ask for it before any fixture that makes rows (its ids start at 1)."""
    restore(app, demo_snapshot)
    return demo_snapshot.lines


@pytest.fixture(scope="session", autouse=True)
def _isolated_clients(app):
    app.test_client_class = IsolatedClient


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def coop_tq(db):
    """A cooperative in Xã Lâm Bình, Tuyên Quang (province 8)."""
    return factories.CooperativeFactory(province_code=8, commune_code=2266)


@pytest.fixture
def coop_ld(db):
    """A cooperative in Xã Di Linh, Lâm Đồng (province 68)."""
    return factories.CooperativeFactory(province_code=68, commune_code=25000)


@pytest.fixture
def admin(db):
    return factories.UserFactory(role="admin", password=PASSWORD)


@pytest.fixture
def officer(db):
    """An officer covering the whole of Tuyên Quang."""
    return factories.OfficerFactory(areas__province_code=8, password=PASSWORD)


@pytest.fixture
def member(db, coop_tq):
    return factories.UserFactory(role="member", cooperative=coop_tq, password=PASSWORD)


@pytest.fixture
def as_admin(client, admin):
    return sign_in(client, admin)


@pytest.fixture
def as_officer(client, officer):
    return sign_in(client, officer)


@pytest.fixture
def as_member(client, member):
    return sign_in(client, member)
