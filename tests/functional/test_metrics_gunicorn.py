"""Under gunicorn with several workers (deploy/gunicorn.conf.py and PROMETHEUS_MULTIPROC_DIR,
as the systemd unit runs it), /metrics adds up every worker's counts."""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = _free_port()
    env = dict(
        os.environ,
        LENSAN_ENV="testing",
        MEDIA_ROOT=str(tmp_path / "media"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
    )
    env.pop("TEST_DATABASE_URL", None)  # /healthz and /metrics need no database
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_metrics_add_up_every_worker(gunicorn):
    start = _healthz_count(requests.get(gunicorn + "/metrics", timeout=5).text)
    with ThreadPoolExecutor(8) as pool:  # at the same time: both workers answer some
        codes = list(pool.map(lambda _: requests.get(gunicorn + "/healthz", timeout=5), range(40)))
    assert {response.status_code for response in codes} == {200}
    for _ in range(4):  # whichever worker answers, it reports all of them
        text = requests.get(gunicorn + "/metrics", timeout=5).text
        assert _healthz_count(text) - start == 40
