"""Export packs with photos as a background job (app/background): reading and fitting every
product's photos takes long for a cooperative's whole catalogue, so the request queues the
pack and sends the person to the job's page, which offers the ZIP once it is in the media
store (``exports/pack-<job id>.zip``). The pack's entries are dated by its day, so the same
data gives the same bytes: a retry or "run again" writes the same pack.
"""

import os
import tempfile
from datetime import date
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import storage
from ..background.records import JobFailure, Result, Task, start
from ..extensions import db
from ..models import Cooperative, Export, Job, User
from . import profiles
from .services import run_export

KIND = "exports.pack"
RETRIES = 2


def start_pack(
    app: Flask, profile, cooperatives: list, product_ids: list[int], today: date, user_id: int
) -> Job:
    """Queue ``profile``'s pack of the cooperatives' products ``product_ids``."""
    ids = [c.id for c in cooperatives]
    return start(
        app,
        KIND,
        "app.exports.pack_jobs:write",
        {
            "marketplace": profile.id,
            "cooperative_ids": ids,
            "product_ids": product_ids,
            "today": today.isoformat(),
        },
        user_id=user_id,
        cooperative_id=ids[0] if len(ids) == 1 else None,
        retries=RETRIES,
        total=len(product_ids),
    )


def write(
    task: Task,
    marketplace: str,
    cooperative_ids: list[int],
    product_ids: list[int],
    today: str,
    export_id: int | None = None,
) -> Result:
    """The job: write the pack to the media store and record the export. The export's id
    joins the job's arguments once it is recorded, so that a retry or "run again" brings the
    same record up to date instead of adding one (the export history counts a pack once)."""
    profile = profiles.get(marketplace)
    if profile is None:
        raise JobFailure(_l("Unknown marketplace: %(name)s.", name=marketplace))
    found = {
        c.id: c
        for c in db.session.scalars(select(Cooperative).where(Cooperative.id.in_(cooperative_ids)))
    }
    cooperatives = [found[i] for i in cooperative_ids if i in found]
    user = db.session.get(User, task.job.user_id) if task.job.user_id else None
    key = f"exports/pack-{task.job.id}.zip"
    fd, name = tempfile.mkstemp(dir=storage.scratch_dir(key), prefix=".pack-", suffix=".part")
    partial = Path(name)
    try:
        with os.fdopen(fd, "w+b") as out:
            result = run_export(
                profile,
                cooperatives,
                out,
                date.fromisoformat(today),
                user=user,
                via="web",
                product_ids=product_ids,
                progress=lambda done: task.progress(done, len(product_ids)),
                export=db.session.get(Export, export_id) if export_id else None,
            )
        if export_id != result.export.id:
            task.job.arguments = {**task.job.arguments, "export_id": result.export.id}
            db.session.commit()
        storage.put_file(key, partial)
    finally:
        partial.unlink(missing_ok=True)
    return Result(key=key, name=result.export.file_name)
