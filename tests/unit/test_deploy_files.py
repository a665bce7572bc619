"""The deployment files under deploy/ load and say what the README promises."""

import runpy
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_gunicorn_config_loads(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["timeout"] <= 30
    settings["on_starting"](None)
    assert (tmp_path / "metrics").is_dir()


def test_nginx_hides_metrics_and_forwards_proxy_headers():
    text = (DEPLOY / "nginx.conf").read_text()
    assert "location = /metrics" in text and "return 404" in text
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header}" in text
    assert "location /static/" in text


def test_web_unit_runs_the_gunicorn_config():
    text = (DEPLOY / "lensan-web.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py wsgi:app" in text
    assert "PROMETHEUS_MULTIPROC_DIR" in text


def test_worker_unit_runs_flask_worker_and_lets_a_job_finish():
    text = (DEPLOY / "lensan-worker.service").read_text()
    assert "flask --app wsgi worker" in text and "EnvironmentFile=/etc/lensan/env" in text
    assert "TimeoutStopSec=600" in text


def test_web_and_worker_share_the_metrics_folder():
    web = (DEPLOY / "lensan-web.service").read_text()
    worker = (DEPLOY / "lensan-worker.service").read_text()
    line = "Environment=PROMETHEUS_MULTIPROC_DIR=/run/lensan/metrics"
    assert line in web and line in worker
    # Either unit stopping must not take the folder from the other.
    assert "RuntimeDirectoryPreserve=yes" in web and "RuntimeDirectoryPreserve=yes" in worker
