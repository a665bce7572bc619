"""Prometheus metrics of the app, served at ``/metrics`` (app/ops/views.py).

Request counts and latencies are measured around every request (``init_app``); the features
count what they do through the objects below. In gunicorn with several workers, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder (deploy/gunicorn.conf.py does, and cleans it)
so that ``/metrics`` adds up every worker, not only the one that answers.

Hooks for background jobs (app/jobs.py feeds them): ``JOB_QUEUE_DEPTH`` is set to the number
of waiting jobs per queue, ``JOB_FAILURES`` counted once per failed try. ``flask worker`` runs
each job in a process of its own, which ends with the job: its counts reach ``/metrics`` only
through the same ``PROMETHEUS_MULTIPROC_DIR`` (deploy/lensan-worker.service sets it).
"""

import os
import time

from flask import Flask, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

REQUESTS = Counter(
    "lensan_http_requests_total",
    "HTTP requests answered, by endpoint, method and status.",
    ("endpoint", "method", "status"),
)
LATENCY = Histogram(
    "lensan_http_request_duration_seconds",
    "Time to answer a request, by endpoint.",
    ("endpoint",),
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0),
)
SCANS = Counter(
    "lensan_scans_total",
    "Scans of trace pages recorded (scans per minute: rate(lensan_scans_total[5m]) * 60).",
)
JOB_QUEUE_DEPTH = Gauge(
    "lensan_job_queue_depth",
    "Jobs waiting, by queue (set by the job runner).",
    ("queue",),
    multiprocess_mode="mostrecent",  # the last value set, by whichever process set it
)
JOB_FAILURES = Counter(
    "lensan_job_failures_total",
    "Background jobs that failed, by queue (counted by the job runner).",
    ("queue",),
)


def init_app(app: Flask) -> None:
    """Time every request and count it by endpoint (404s without one count as "none"); the
    start is ``g.request_started``, set with the request id (app/logs.py)."""

    @app.after_request
    def _count(response):
        count_request(
            request.endpoint or "none",
            request.method,
            response.status_code,
            g.get("request_started"),
        )
        return response


def count_request(endpoint: str, method: str, status: int, started: float | None) -> None:
    """One request answered, and its time when ``started`` (``time.perf_counter()``) is known."""
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    REQUESTS.labels(endpoint, method, str(status)).inc()


def exposition() -> tuple[bytes, str]:
    """The text exposition: every worker's metrics in multi-process mode, else this one's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
