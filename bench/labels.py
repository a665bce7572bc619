"""Time the serialized label pipeline against the bare QR matrix work it cannot avoid.

Baseline, in the same run: build the same 1,000 QR matrices with python-qrcode the plain way
(``QRCode(error_correction=M, border=4)``, ``add_data``, ``make(fit=True)``,
``get_matrix()``). Pipeline: serial codes, URLs, layout, symbols and the A4 PDF (a4-5x13,
65 labels a page) written to a file. Rounds alternate; each figure is the median of its
rounds. The issue's targets: pipeline <= 1.5x the baseline; 10,000 labels in under a minute
on this 2-core machine, peak memory under 500 MB (each 10,000-label run in a fresh process;
peak = its own maximum resident set plus, with workers, the largest worker's times their
number: an upper bound).

Run: .venv/bin/python -m bench.labels [ROUNDS]
"""

import multiprocessing
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from app.labels.layout import plan_label
from app.labels.pdf import write_pdf
from app.labels.qr import label_url, qr_origin
from app.labels.serials import serial_code
from app.labels.templates import TEMPLATES
from tests.support.label_samples import PEANUTS

ORIGIN = qr_origin("https://lensan.vn")
FIRST = 32**3 + 12345
CONTENT = PEANUTS
RATIO_TARGET = 1.5
LONG_RUN, LONG_LIMIT_S, MEMORY_LIMIT_MB = 10_000, 60.0, 500


def _codes(key: bytes, count: int) -> list[str]:
    return [serial_code(key, FIRST + i) for i in range(count)]


def bare(urls: list[str]) -> float:
    start = time.perf_counter()
    for url in urls:
        symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
        symbol.add_data(url)
        symbol.make(fit=True)
        symbol.get_matrix()
    return time.perf_counter() - start


def pipeline(key: bytes, count: int, out: Path, processes: int = 1) -> float:
    """Everything from the counter to the PDF on disk."""
    start = time.perf_counter()
    last = serial_code(key, FIRST + count - 1)
    plan = plan_label(TEMPLATES["a4-5x13"], CONTENT, label_url(ORIGIN, last), last)
    items = ((label_url(ORIGIN, c), c) for c in (serial_code(key, FIRST + i) for i in range(count)))
    write_pdf(str(out), plan, items, processes=processes)
    return time.perf_counter() - start


def _long_run(processes: int, out: str, answer) -> None:
    seconds = pipeline(secrets.token_bytes(16), LONG_RUN, Path(out), processes)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    answer.send((seconds, own, workers, Path(out).stat().st_size))


def long_run(processes: int, folder: Path) -> tuple[float, float, float, int]:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_long_run, args=(processes, str(folder / f"long-{processes}.pdf"), send)
    )
    child.start()
    result = receive.recv()
    child.join()
    return result


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    key = secrets.token_bytes(16)
    urls = [label_url(ORIGIN, c) for c in _codes(key, 1000)]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bares, pipes = [], []
        for _ in range(rounds):
            bares.append(bare(urls))
            pipes.append(pipeline(key, 1000, folder / "thousand.pdf"))
        size = (folder / "thousand.pdf").stat().st_size
        base, ours = statistics.median(bares), statistics.median(pipes)
        ratios = [p / b for p, b in zip(pipes, bares, strict=True)]
        print(f"QR payload: {urls[0]} ({len(urls[0])} characters)")
        listed = ", ".join(f"{b:.2f}" for b in bares)
        print(f"bare qrcode matrices, 1,000: {base:.2f} s (rounds {listed})")
        print(
            f"label pipeline, 1,000 serialized a4-5x13 labels: {ours:.2f} s "
            f"(rounds {', '.join(f'{p:.2f}' for p in pipes)}), PDF {size / 1024:.0f} KB"
        )
        ratio = statistics.median(ratios)
        verdict = "meets" if ratio <= RATIO_TARGET else "MISSES"
        print(f"ratio pipeline / bare: {ratio:.2f}x (target <= {RATIO_TARGET}x: {verdict})")
        for processes in (1, 2):
            seconds, own, workers, size = long_run(processes, folder)
            peak = own + (processes * workers if processes > 1 else 0)
            ok = seconds < LONG_LIMIT_S and peak < MEMORY_LIMIT_MB
            parts = (
                f" (main {own:.0f} MB, each QR worker <= {workers:.0f} MB)" if processes > 1 else ""
            )
            print(
                f"{LONG_RUN:,} labels, {processes} process(es): {seconds:.1f} s, peak memory "
                f"{peak:.0f} MB{parts}, PDF {size / 1e6:.1f} MB: {'meets' if ok else 'MISSES'} "
                f"< {LONG_LIMIT_S:.0f} s and < {MEMORY_LIMIT_MB} MB"
            )


if __name__ == "__main__":
    main()
