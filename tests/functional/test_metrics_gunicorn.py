"""Under gunicorn with several workers (deploy/gunicorn.conf.py and PROMETHEUS_MULTIPROC_DIR,
as the systemd unit runs it), /metrics adds up every worker's counts."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.gunicorn import gunicorns


def _healthz_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "lensan_http_requests_total"
                and sample.labels["endpoint"] == "ops.healthz"
            ):
                return sample.value
    return 0


@pytest.fixture
def gunicorn(tmp_path):
    env = {
        "LENSAN_ENV": "testing",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "1",
        "TEST_DATABASE_URL": None,  # /healthz and /metrics need no database
    }
    with gunicorns(env, tmp_path) as [base]:
        yield base


def test_metrics_add_up_every_worker(gunicorn):
    start = _healthz_count(requests.get(gunicorn + "/metrics", timeout=5).text)
    with ThreadPoolExecutor(8) as pool:  # at the same time: both workers answer some
        codes = list(pool.map(lambda _: requests.get(gunicorn + "/healthz", timeout=5), range(40)))
    assert {response.status_code for response in codes} == {200}
    for _ in range(4):  # whichever worker answers, it reports all of them
        text = requests.get(gunicorn + "/metrics", timeout=5).text
        assert _healthz_count(text) - start == 40
