"""Probes and metrics: /healthz, /readyz, /metrics (who may read it, what it counts)."""

import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.logs import JsonFormatter


def _samples(text):
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_healthz_is_public_uncached_and_cookieless(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_answers_each_service(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "skipped", "storage": "ok"},
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_names_what_failed(app, client, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path / "gone"))
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "failing"
    assert body["failed"] == ["redis", "storage"]
    assert body["checks"]["database"] == "ok"


def test_readyz_reports_a_failing_database(app, client, db, monkeypatch):
    from app.ops import checks

    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setitem(checks.CHECKS, "database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["database"]


def test_metrics_count_requests_by_endpoint(client, db):
    before = _samples(client.get("/metrics").get_data(as_text=True))
    key = (
        "lensan_http_requests_total",
        (("endpoint", "ops.healthz"), ("method", "GET"), ("status", "200")),
    )
    client.get("/healthz")
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    after = _samples(response.get_data(as_text=True))
    assert after[key] - before.get(key, 0) == 2
    count = ("lensan_http_request_duration_seconds_count", (("endpoint", "ops.healthz"),))
    assert after[count] >= 2
    assert ("lensan_scans_total", ()) in after
    assert ("lensan_job_failures_total", ()) not in after  # labelled: no sample until used


def test_metrics_hidden_from_others_unless_token(app, client, db, monkeypatch):
    remote = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", environ_base=remote).status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret")
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", environ_base=remote, headers=wrong).status_code == 404
    right = {"Authorization": "Bearer s3cret"}
    assert client.get("/metrics", environ_base=remote, headers=right).status_code == 200


def test_a_recorded_scan_is_counted(app, client, db, coop_tq):
    from app.labels.services import run_codes
    from tests.support.batches import make_batch
    from tests.support.labels import make_run
    from tests.support.products import make_product

    batch = make_batch(make_product(coop_tq, name="Dầu lạc Lâm Bình"), "DL-2026-08")
    code = next(iter(run_codes(make_run(batch, serialized=True, count=2))))
    key = ("lensan_scans_total", ())
    before = _samples(client.get("/metrics").get_data(as_text=True))[key]
    assert client.get(f"/t/{code}").status_code == 200
    after = _samples(client.get("/metrics").get_data(as_text=True))[key]
    assert after - before == 1


def test_request_id_is_sent_back(client):
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    odd = client.get("/healthz", headers={"X-Request-ID": 'a b"c'})
    assert odd.headers["X-Request-ID"] != 'a b"c'


def test_json_log_lines(app):
    formatter = JsonFormatter()
    with app.test_request_context("/trace/x"):
        from flask import g

        g.request_id = "r1"
        record = logging.LogRecord("lensan.request", logging.INFO, "", 0, "GET %s", ("/x",), None)
        record.status = 200
        entry = json.loads(formatter.format(record))
    assert entry["level"] == "INFO"
    assert entry["logger"] == "lensan.request"
    assert entry["message"] == "GET /x"
    assert entry["request_id"] == "r1"
    assert entry["path"] == "/trace/x"
    assert entry["status"] == 200
    assert entry["time"].endswith("+00:00")


@pytest.mark.parametrize("name, expected", [("production", "json"), ("testing", "plain")])
def test_log_format_by_environment(name, expected):
    from app.config import CONFIGS

    assert expected == CONFIGS[name].LOG_FORMAT


def test_production_writes_one_json_object_per_line(tmp_path, capfd):
    from app import create_app

    level = logging.getLogger().level
    app = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SECRET_KEY="x",
        MEDIA_ROOT=str(tmp_path),
    )
    try:
        app.test_client().get("/healthz", headers={"X-Request-ID": "req-7"})
        err = capfd.readouterr().err.splitlines()
        lines = [json.loads(line) for line in err if line.startswith("{")]
    finally:
        root = logging.getLogger()
        root.handlers[:] = [h for h in root.handlers if not isinstance(h.formatter, JsonFormatter)]
        root.setLevel(level)
    request_line = next(line for line in lines if line["logger"] == "lensan.request")
    assert request_line["request_id"] == "req-7"
    assert request_line["path"] == "/healthz"
    assert request_line["status"] == 200
    assert request_line["level"] == "INFO"


def test_readyz_asks_redis_when_configured(app, client, db, monkeypatch):
    from tests.support.redis_workers import REDIS_URL, redis_answers

    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["redis"] == "ok"
