"""Label runs: what a batch's labels say, creating a run, its codes, writing its PDF, and
checking a scanned serial.

A run is validated in full (template, module size, full-label content) before anything is
saved; a serialized run then takes the next free range of the global counter. The PDF is
stored as ``labels/run-<id>.pdf`` (app/storage.py) by a job (app/labels/jobs.py) that records its
progress on the run; it can be written again at any time and gives the same codes. The
PDF is made like every stored medium: a private temporary file (beside its final name on
the local folder, so both have the same mode), then stored under its key.
"""

import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import areas, storage
from ..background.heartbeat import beating
from ..extensions import db
from ..gs1 import dl_path
from ..models import Batch, BatchStatus, LabelKind, LabelRun, LinkForm, RunStatus
from ..models.base import utcnow
from ..products.services import product_ocop_stars
from .layout import LabelContent, LabelProblem, Plan, plan_label
from .limits import RunLimits, check_quota, ensure_printable
from .pdf import write_pdf
from .qr import label_url, qr_origin
from .serials import mac_matches, normalize_public_code, serial_code, serial_counter

PROGRESS_SECONDS = 1.0
PREVIEW_KEY = b"preview"  # signs sample serials; no run has this key


@dataclass(frozen=True)
class RunRequest:
    """What the person asked for (the form's or the command line's values)."""

    template: str
    count: int
    kind: str = LabelKind.BATCH
    error_level: str = "M"
    link: str = LinkForm.SHORT
    full_label: bool = False
    cut_marks: bool = False
    margin_top: Decimal | None = None
    margin_left: Decimal | None = None

    def sheet_options(self) -> dict:
        """The PDF writer's page options (margins in mm as floats, cut marks)."""
        return {
            "margin_top": None if self.margin_top is None else float(self.margin_top),
            "margin_left": None if self.margin_left is None else float(self.margin_left),
            "cut_marks": self.cut_marks,
        }


def _net_quantity(batch: Batch) -> str:
    variant = batch.variant or next(iter(batch.product.variants), None)
    if variant is None or not variant.net_quantity:
        return ""
    return f"{variant.net_quantity.replace('.', ',')} {variant.net_unit}"


def label_content(batch: Batch, today: date) -> LabelContent:
    """What the labels of ``batch`` say, from the batch, its product and its cooperative."""
    product, coop = batch.product, batch.cooperative
    place = areas.place_name(product.origin_commune_code, product.origin_province_code)
    if not place and batch.plot is not None:
        place = areas.place_name(batch.plot.commune_code, batch.plot.province_code)
    address = ", ".join(
        part
        for part in (coop.street, areas.place_name(coop.commune_code, coop.province_code))
        if part
    )
    usage = product.usage_instructions
    return LabelContent(
        product_name=product.name,
        cooperative=coop.short_name or coop.legal_name,
        lot=batch.code,
        produced_on=batch.produced_on,
        expires_on=batch.expires_on,
        net_quantity=_net_quantity(batch),
        ocop_stars=product_ocop_stars(product, today),
        responsible=coop.legal_name,
        address=address,
        origin=f"Việt Nam ({place})" if place else "",
        ingredients=product.ingredients,
        usage=usage,
        storage=product.storage_instructions,
        warnings=product.warnings,
    )


def _codes(kind: str, public_code: str, key: bytes | None, first: int | None, start, stop):
    if kind == LabelKind.BATCH:
        yield from (public_code for _ in range(start, stop + 1))
        return
    if key is None or first is None:
        raise ValueError("a serialized run has a serial key and a first serial")
    for number in range(start, stop + 1):
        yield serial_code(key, first + number - 1)


def run_codes(run: LabelRun, start: int = 1, stop: int | None = None) -> Iterator[str]:
    """The codes of labels ``start`` to ``stop`` (1-based, inclusive) of ``run``."""
    stop = run.count if stop is None else stop
    return _codes(run.kind, run.batch.public_code, run.serial_key, run.first_serial, start, stop)


def code_url(origin: str, batch: Batch, kind: str, link: str, code: str) -> str:
    """What the QR of a label printed with ``code`` holds: ``/T/<code>``, or the GS1 Digital
    Link of the product's GTIN with the lot (batch labels) or the serial."""
    if link != LinkForm.GS1:
        return label_url(origin, code)
    gtin = batch.product.gtin
    if gtin is None:
        raise ValueError("a GS1 Digital Link needs the product's GTIN")
    if kind == LabelKind.SERIALIZED:
        return origin + dl_path(gtin, serial=code)
    return origin + dl_path(gtin, lot=batch.code)


def plan_for(batch: Batch, request: RunRequest, base_url: str, today: date, last_code: str):
    """The label plan of a run, or :class:`~app.labels.layout.LabelProblem` (a recalled
    batch, a missing GTIN, content that no longer fits)."""
    from .templates import TEMPLATES

    ensure_printable(batch)
    if request.link == LinkForm.GS1 and not batch.product.gtin:
        raise LabelProblem(
            _l(
                "%(product)s has no GTIN (barcode number): add it to the product, or print "
                "the short link.",
                product=batch.product.name,
            ),
            field="link",
        )
    url = code_url(qr_origin(base_url), batch, request.kind, request.link, last_code)
    return plan_label(
        TEMPLATES[request.template],
        label_content(batch, today),
        url,
        last_code,
        request.error_level,
        request.full_label,
    )


def _longest_sample(batch: Batch, request: RunRequest) -> str:
    """A code as long as the run's longest (the last counter has the most digits)."""
    if request.kind == LabelKind.BATCH:
        return batch.public_code
    return serial_code(b"\0" * 16, _next_serial() + request.count - 1)


def preview_codes(batch: Batch, request: RunRequest, count: int) -> list[str]:
    """``count`` codes as a run would print them: the batch's code, or sample serials that
    were never issued (as long as a run's in its first million labels)."""
    if request.kind == LabelKind.BATCH:
        return [batch.public_code] * count
    return [serial_code(PREVIEW_KEY, 32**4 - count + i) for i in range(count)]


def _next_serial() -> int:
    last = db.session.execute(
        select(func.max(LabelRun.first_serial + LabelRun.count))
    ).scalar_one_or_none()
    # Counters start at 32**3 so every serial is at least 17 characters: a range reprinted
    # years later has the same length as its neighbours.
    return max(last or 0, 32**3)


def create_run(
    batch: Batch,
    request: RunRequest,
    user_id: int | None,
    base_url: str,
    today: date,
    limits: RunLimits | None = None,
):
    """Check and record a run (raises LabelProblem before saving anything); ``limits``, when
    given, is the cooperative's quota (app/labels/limits.py)."""
    if batch.status == BatchStatus.RECALLED:
        raise LabelProblem(_l("This batch was recalled: no new labels can be printed for it."))
    plan_for(batch, request, base_url, today, _longest_sample(batch, request))
    if limits is not None:
        check_quota(batch.cooperative_id, request.count, limits, utcnow())
    for _ in range(5):  # two runs created at once may race for the same range
        run = LabelRun(
            batch=batch, created_by_id=user_id, status=RunStatus.QUEUED, **asdict(request)
        )
        if request.kind == LabelKind.SERIALIZED:
            run.first_serial = _next_serial()
            run.serial_key = secrets.token_bytes(16)
        db.session.add(run)
        try:
            db.session.commit()
            return run
        except IntegrityError:
            db.session.rollback()
    raise RuntimeError("could not reserve a serial range")


def run_request(run: LabelRun) -> RunRequest:
    """What was asked for when ``run`` was made (its columns of the same names)."""
    return RunRequest(**{f.name: getattr(run, f.name) for f in fields(RunRequest)})


def run_plan(run: LabelRun, base_url: str, today: date) -> Plan:
    last = next(run_codes(run, run.count, run.count))
    return plan_for(run.batch, run_request(run), base_url, today, last)


def write_run(
    run: LabelRun,
    out,
    base_url: str,
    today: date,
    *,
    start: int = 1,
    stop: int | None = None,
    processes: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write labels ``start``..``stop`` of ``run`` as a PDF to ``out``; returns pages."""
    plan = run_plan(run, base_url, today)
    origin = qr_origin(base_url)
    batch = run.batch
    items = (
        (code_url(origin, batch, run.kind, run.link, code), code)
        for code in run_codes(run, start, stop)
    )
    return write_pdf(
        out,
        plan,
        items,
        processes=processes,
        progress=progress,
        title=f"Tem truy xuất – {batch.product.name} – lô {batch.code}",
        **run_request(run).sheet_options(),
    )


def download_name(run: LabelRun, suffix: str) -> str:
    """The file name a download of ``run``'s labels is offered under."""
    return f"tem-{run.batch.code}-{run.template}-{run.id}{suffix}"


def run_key(run: LabelRun) -> str:
    """The storage key of the run's PDF (app/storage.py)."""
    return f"labels/run-{run.id}.pdf"


def build_run_file(run_id: int, base_url: str, today: date, processes: int = 1) -> None:
    """The job: write the run's PDF next to its final name, then move it in place; progress
    and the outcome are saved on the run for any web worker to show."""
    run = db.session.get_one(LabelRun, run_id)
    key = run_key(run)
    scratch = storage.scratch_dir(key)
    fd, name = tempfile.mkstemp(dir=scratch, prefix=f".run-{run.id}-", suffix=".part")
    partial = Path(name)
    run.status, run.done, run.error = RunStatus.RUNNING, 0, ""
    run.heartbeat_at = utcnow()
    db.session.commit()
    last = [time.monotonic()]

    def progress(done: int) -> None:
        if time.monotonic() - last[0] >= PROGRESS_SECONDS:
            run.done, run.heartbeat_at = done, utcnow()
            db.session.commit()
            last[0] = time.monotonic()

    try:
        with beating(LabelRun, run.id), os.fdopen(fd, "wb") as out:
            write_run(run, out, base_url, today, processes=processes, progress=progress)
        storage.put_file(key, partial)
    except Exception as exc:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        reason = exc.message if isinstance(exc, LabelProblem) else exc  # not the errors dict
        run.status, run.error = RunStatus.FAILED, str(reason)[:500]
        db.session.commit()
        raise
    run.status, run.done, run.file_key = RunStatus.DONE, run.count, key
    run.finished_at = utcnow()
    db.session.commit()


def fail_run(run_id: int, reason: str) -> None:
    """Record that run ``run_id`` could not be written (its page shows ``reason``)."""
    run = db.session.get_one(LabelRun, run_id)
    run.status, run.error = RunStatus.FAILED, reason[:500]
    db.session.commit()


@dataclass(frozen=True)
class SerialCheck:
    """What a serial-shaped code turned out to be."""

    code: str
    run: LabelRun | None  # the run whose range holds the counter, if any
    genuine: bool
    number: int | None = None  # the label's place in its run (1-based)


def check_serial(code: str) -> SerialCheck | None:
    """None when ``code`` cannot be a serial; else whether it was issued in a real run."""
    code = normalize_public_code(code)
    counter = serial_counter(code)
    if counter is None:
        return None
    run = db.session.execute(
        select(LabelRun)
        .where(LabelRun.first_serial <= counter)
        .order_by(LabelRun.first_serial.desc())
        .limit(1)
    ).scalar_one_or_none()
    if run is None or run.first_serial is None or run.last_serial is None or run.serial_key is None:
        return SerialCheck(code, None, False)  # (a serialized run always has all three)
    if counter > run.last_serial:
        return SerialCheck(code, None, False)
    number = counter - run.first_serial + 1
    return SerialCheck(code, run, mac_matches(run.serial_key, code), number)
