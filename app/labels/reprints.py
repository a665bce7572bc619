"""Reprints of many labels as a background job (app/background): a reprint of more than
``JOB_ABOVE`` labels would hold a web worker for seconds (5,000 labels took 27 s), so its
PDF is written by a job to the media store (``labels/reprint-<job id>.pdf``) and offered on
the job's page; a small one is still answered at once. Same run, same range: the same codes,
so a retry or "run again" gives the same labels.
"""

import os
import tempfile
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from .. import storage
from ..background.records import JobFailure, Result, Task, is_interrupted, start
from ..clock import local_today
from ..extensions import db
from ..models import Job, LabelRun
from .layout import LabelProblem
from .limits import ensure_printable
from .services import download_name, write_run

JOB_ABOVE = 300  # labels: a reprint of more is a job
KIND = "labels.reprint"
RETRIES = 3  # idempotent: the same range gives the same codes


def start_reprint(app: Flask, run: LabelRun, first: int, last: int, user_id: int) -> Job:
    """The job writing labels ``first``..``last`` of ``run``: one already waiting for the
    same range (a second click, a reload) rather than a new one."""
    arguments = {"run_id": run.id, "start": first, "stop": last}
    waiting = db.session.scalars(
        select(Job).where(Job.kind == KIND, Job.status.in_(("queued", "running")))
    )
    for job in waiting:
        if job.arguments == arguments and not is_interrupted(job):
            return job
    return start(
        app,
        KIND,
        "app.labels.reprints:write_reprint",
        arguments,
        user_id=user_id,
        cooperative_id=run.batch.cooperative_id,
        retries=RETRIES,
        total=last - first + 1,
    )


def write_reprint(task: Task, run_id: int, start: int, stop: int) -> Result:
    """The job: labels ``start``..``stop`` of run ``run_id`` as a PDF in the media store."""
    run = db.session.get_one(LabelRun, run_id)
    total = stop - start + 1
    try:
        ensure_printable(run.batch)
    except LabelProblem as problem:
        raise JobFailure(problem.message) from None
    key = f"labels/reprint-{task.job.id}.pdf"
    fd, name = tempfile.mkstemp(dir=storage.scratch_dir(key), prefix=".reprint-", suffix=".part")
    partial = Path(name)
    config = current_app.config
    try:
        with os.fdopen(fd, "wb") as out:
            write_run(
                run,
                out,
                config["PUBLIC_BASE_URL"],
                local_today(),
                start=start,
                stop=stop,
                processes=config["LABEL_PROCESSES"],
                progress=lambda done: task.progress(done, total),
            )
        storage.put_file(key, partial)
    except LabelProblem as problem:  # content that no longer fits: the same would fail again
        raise JobFailure(problem.message) from None
    finally:
        partial.unlink(missing_ok=True)
    return Result(key=key, name=download_name(run, f"-{start}-{stop}.pdf"))
