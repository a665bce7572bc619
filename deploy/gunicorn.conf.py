"""gunicorn settings for Lên Sàn: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
Prometheus: when PROMETHEUS_MULTIPROC_DIR is set (the systemd unit sets it), each worker writes
its metrics there and /metrics adds them up; the folder is emptied when gunicorn starts, and a
dead worker's live gauges are dropped.
"""

import os
import shutil

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request may take at most this long; anything slower belongs in a background job.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak cannot grow for weeks.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"
# The app writes its own JSON line per request (app/logs.py); gunicorn logs errors only.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "lensan"


def on_starting(server):
    """Start each run with an empty metrics folder (the counters of a previous run are gone)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    """Drop the live gauges of a worker that ended."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
