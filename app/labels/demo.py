"""Demo label runs: batch labels for the peanuts, serialized labels for the peanut oil, and
scans that show what a copied label and a forged code look like, beside a genuine label its
buyer reloaded and shared (which does not look copied: one visitor, and link previews)."""

from datetime import timedelta

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import LabelKind, LabelRun
from ..models.base import utcnow
from ..scans.services import record_scan, scan_row
from ..trace.demo import demo_batch
from .services import RunRequest, build_run_file, create_run, run_codes

DEMO_RUNS = (
    ("TQPNT2607A", RunRequest(template="a4-3x8", count=48)),
    (
        "TQDPN2608A",
        RunRequest(template="roll-50x30", count=200, kind=LabelKind.SERIALIZED),
    ),
)
DEMO_SECRET = "demo"  # visitor hashes of demo scans only


def _copied_scans(run: LabelRun) -> int:
    """Label 7 of the oil run opened by seven visitors over a week (a photocopied label: more
    than LABEL_ALERT_SCANS distinct visitor-days), label 1 opened three times by its buyer and
    shared in two chats (link previews), and a forged code imitating the run."""
    copied, bought = next(run_codes(run, 7, 7)), next(run_codes(run, 1, 1))
    now = utcnow()
    rows = [
        scan_row(
            run.batch_id,
            copied,
            f"10.0.0.{i}",
            "Mozilla/5.0 (Linux; Android 12)",
            DEMO_SECRET,
            now - timedelta(days=7 - i),
            "genuine",
        )
        for i in range(7)
    ]
    rows += [
        scan_row(
            run.batch_id,
            bought,
            address,
            agent,
            DEMO_SECRET,
            now - timedelta(days=2, minutes=minutes),
            "genuine",
        )
        for address, agent, minutes in (
            ("10.0.1.1", "Mozilla/5.0 (iPhone)", 30),
            ("10.0.1.1", "Mozilla/5.0 (iPhone)", 29),
            ("10.0.1.1", "Mozilla/5.0 (iPhone)", 20),
            ("10.0.9.1", "WhatsApp/2.23.20.0 A", 10),
            ("10.0.9.2", "Zalo", 9),
        )
    ]
    forged = bought[:-3] + ("AAA" if not bought.endswith("AAA") else "BBB")
    rows.append(
        scan_row(
            run.batch_id,
            forged,
            "10.0.2.1",
            "Mozilla/5.0 (Linux; Android 11)",
            DEMO_SECRET,
            now - timedelta(days=1),
            "forged",
        )
    )
    for row in rows:
        record_scan(row)
    return len(rows)


def seed_labels(base_url: str) -> list[str]:
    """Add the demo label runs that are missing, with their PDFs in storage (app/storage.py)."""
    lines = []
    for public_code, request in DEMO_RUNS:
        batch = demo_batch(public_code)
        if batch is None:
            continue
        exists = db.session.execute(
            select(LabelRun.id).where(LabelRun.batch_id == batch.id, LabelRun.kind == request.kind)
        ).first()
        if exists:
            continue
        run = create_run(batch, request, None, base_url, local_today())
        build_run_file(run.id, base_url, local_today())  # the PDF is there to download
        lines.append(f"label run {run.id}: {run.count} {run.kind} labels for {public_code}")
        if run.serialized:
            lines.append(f"  {_copied_scans(run)} scans, one label copied, one code forged")
    return lines
