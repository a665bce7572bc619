"""Kinds of background jobs made for the tests (app/background/records.py): run inline in the
test's process or by real ``flask worker`` processes, which import this module by name."""

import time
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app import storage
from app.background.records import JobFailure, Result, Task


def write_text(task: Task, text: str, total: int = 3, cooperative_ids=()) -> Result:
    """Count to ``total``, then store ``text`` as the job's file."""
    for done in range(1, total + 1):
        task.report(f"mục {done}", "accepted" if done % 2 else "refused", f"lời nhắn {done}")
        task.progress(done, total, f"step {done}")
    key = f"jobs/test-{task.job.id}.txt"
    storage.put(key, text.encode())
    return Result(key=key, name="ket-qua.txt")


def fails_once(task: Task, marker: str) -> Result:
    """Fail with an unexpected error the first time (no ``marker`` file yet), then succeed:
    what a partner's timeout or a database restart does to idempotent work."""
    path = Path(marker)
    if not path.exists():
        path.write_text("failed once")
        raise ConnectionError("the partner hung up")
    return write_text(task, "second time lucky", total=1)


def refuses(task: Task, reason: str) -> None:
    """A problem with the work itself."""
    raise JobFailure(reason)


def breaks(task: Task) -> None:
    raise ValueError("nobody expected this")


def waits_for(task: Task, gate: str) -> Result:
    """Say it started, then wait (without reporting progress) until the file ``gate`` exists:
    only the heartbeat thread shows the worker is alive meanwhile."""
    task.progress(0, 1, "waiting for the gate", force=True)
    while not Path(gate).exists():
        time.sleep(0.05)
    return write_text(task, Path(gate).read_text(), total=1)


def photos_refused(task: Task, total: int) -> None:
    """Fail as an import's photos do, with the app's own messages (a reason, report lines
    whose words nest a message), so the job reads in its reader's language."""
    why = _l("“%(name)s” is empty.", name="lac.jpg")
    task.report(
        _l("Row %(row)d", row=2),
        "failed",
        _l("“%(link)s”: %(reason)s", link="https://example.vn/lac.jpg", reason=why),
    )
    raise JobFailure(
        _l("%(failed)d of %(total)d photos could not be added: the list below says why.",
           failed=1, total=total)
    )  # fmt: skip
