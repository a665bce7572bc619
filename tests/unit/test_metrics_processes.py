"""Multi-process metrics: counts made by processes that have ended (gunicorn workers, the job
processes of ``flask worker``) add up in the exposition of another one."""

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
COUNT = """
from app.metrics import JOB_FAILURES, JOB_QUEUE_DEPTH
JOB_FAILURES.labels("labels").inc()
JOB_QUEUE_DEPTH.labels("labels").set({depth})
"""
EXPOSE = "from app.metrics import exposition; print(exposition()[0].decode())"


def _python(code, env):
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_job_counts_of_ended_processes_reach_the_exposition(tmp_path):
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    for depth in (5, 2):  # two job processes, one after the other
        _python(COUNT.format(depth=depth), env)
    text = _python(EXPOSE, env)
    samples = {
        (s.name, s.labels.get("queue")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("lensan_job_failures_total", "labels")] == 2
    assert samples[("lensan_job_queue_depth", "labels")] == 2  # the last value set
