"""Fixtures of the tests whose jobs go to a real Redis queue, written by real ``flask worker``
processes (tests/support/jobs.py): the app on its own queue, a member and a batch of its
database. Loaded for every test by ``pytest_plugins`` in tests/conftest.py; a module may
override ``jobs_app`` (test_two_hosts.py: its media in a bucket) and the others follow it."""

from datetime import timedelta

import pytest

from tests.support import factories
from tests.support.batches import make_batch
from tests.support.clients import PASSWORD
from tests.support.jobs import rq_app
from tests.support.products import TODAY, make_product
from tests.support.resolver import GTIN


@pytest.fixture
def jobs_app(app, tmp_path):
    """An app whose jobs wait in Redis for a worker (:func:`tests.support.jobs.rq_app`), in
    an app context."""
    with rq_app(app, tmp_path) as made:
        yield made


@pytest.fixture
def jobs_member(jobs_app):
    """A member of a cooperative in Xã Lâm Bình, Tuyên Quang, in ``jobs_app``'s database."""
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    return factories.UserFactory(role="member", cooperative=coop, password=PASSWORD)


@pytest.fixture
def jobs_batch(jobs_member):
    """A batch of peanuts (a product with a GTIN, so its labels can be GS1 links) of
    ``jobs_member``'s cooperative."""
    product = make_product(jobs_member.cooperative, name="Lạc nhân đỏ Lâm Bình", gtin=GTIN)
    return make_batch(product, "LB-LAC-2026-07", expires_on=TODAY + timedelta(days=150))
