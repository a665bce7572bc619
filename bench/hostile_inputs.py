"""Time and peak memory of hostile uploads beside a normal file of the same kind (issue 14).

Sheets go through the import's check (``preview_cooperatives`` with the app's import
limits, the shared reader underneath); photos through the function that prepares an
uploaded product photo (``app.product_images.services._prepare``). Each case runs in a fresh
subprocess inside an app context, so its peak RSS (``ru_maxrss``) is its own; "+MB" is the
growth over the same process just before the call (Python, Flask and the file read). The
ratios compare each hostile file with the normal file of its kind, measured in the same run.
Targets: every sheet ≤ 5 s and ≤ 200 MB peak, accepted or refused; a 12 MP photo ≤ 300 MB.

Run: .venv/bin/python -m bench.hostile_inputs
"""

import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 120
SHEET_LIMIT_S, SHEET_LIMIT_MB, PHOTO_LIMIT_MB = 5.0, 200, 300


def _largest_accepted() -> bytes:
    """10,000 cooperatives in the template's 13 columns: the most the default limits accept."""
    from openpyxl import Workbook

    from tests.support.import_files import HEADERS, row

    book = Workbook()
    book.active.title = "Hợp tác xã"
    book.active.append(HEADERS)
    for i in range(10_000):
        book.active.append(
            row(
                legal_name=f"Hợp tác xã Chè Shan Tuyết Na Hang số {i}",
                short_name=f"HTX Chè {i}",
                kind="HTX",
                tax_code=str(5_000_000_000 + i),
                registration_number=f"5001-HTX-{i:05d}",
                province="Tuyên Quang",
                commune="Lâm Bình",
                street=f"Thôn Nà Va {i % 40}",
                representative="Ma Văn Thảo",
                phone=f"09{i:08d}",
                email=f"htx{i}@example.vn",
                description="Chè shan tuyết cổ thụ, hái tay, sao trên chảo gang.",
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _openpyxl_xlsx(rows: int) -> bytes:
    """A normal workbook as Excel-like software writes it (shared strings, styles)."""
    from openpyxl import Workbook

    from tests.support import hostile_files as h

    book = Workbook()
    book.active.title = "Hợp tác xã"
    book.active.append(h.NORMAL_HEADERS)
    for values in h.normal_rows(rows):
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    """An all-black 1-bit PNG written with zlib: 40,000,000 × 1 is about 5 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\x00" * (1 + (width + 7) // 8)
    idat = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _phone_photo() -> bytes:
    """A 12 MP (4000 × 3000) JPEG with detail, quality 92: a normal phone photo."""
    from PIL import Image

    small = Image.effect_noise((500, 375), 67).convert("RGB")
    out = io.BytesIO()
    small.resize((4000, 3000), Image.Resampling.BICUBIC).save(out, "JPEG", quality=92)
    return out.getvalue()


def cases() -> list[tuple[str, str, str, object]]:
    """(name, kind, the normal case it is compared with, builder)."""
    from tests.support import hostile_files as h

    return [
        ("sheet: normal .xlsx, 2,000 rows", "sheet", "", lambda: _openpyxl_xlsx(2000)),
        ("sheet: normal .csv, 2,000 rows", "sheet", "", lambda: h.normal_csv(2000)),
        ("sheet: largest accepted, 10,000 rows", "sheet", "x", _largest_accepted),
        ("xlsx: one cell at row 100,000,000", "sheet", "x", h.far_row_xlsx),
        ("csv: 10 MB of blank lines", "sheet", "c", h.blank_lines_csv),
        ("csv: header + 10 MB of ';;;' lines", "sheet", "c", h.blank_cells_csv),
        ("xlsx: 150 MB shared strings", "sheet", "x", h.shared_strings_xlsx),
        ("xlsx: 100 rows × 16,384 columns", "sheet", "x", h.many_cells_xlsx),
        ("xlsx: 1,000,000 blank rows first", "sheet", "x", h.blank_run_xlsx),
        ("xlsx: 300 MB sheet, header says 1 KB", "sheet", "x", h.lying_sizes_xlsx),
        ("xlsx: sheet padded, 100 MB of spaces", "sheet", "x", h.padded_xlsx),
        ("xlsx: sheet padded, 100 MB of newlines", "sheet", "x", lambda: h.padded_xlsx(blank="\n")),
        ("photo: phone JPEG 4000×3000", "photo", "", _phone_photo),
        ("photo: PNG 40,000,000×1", "photo", "p", lambda: _png(40_000_000, 1)),
    ]


NORMAL = {"x": "sheet: normal .xlsx, 2,000 rows", "c": "sheet: normal .csv, 2,000 rows"}
NORMAL["p"] = "photo: phone JPEG 4000×3000"


# --- one case, in its own process ---------------------------------------------------------


def run_case(kind: str, path: str) -> dict:
    """Prepare the file at ``path`` the way the app does; time, memory and the outcome."""
    from app import create_app

    media = tempfile.mkdtemp(prefix="hostile-media-")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", MEDIA_ROOT=media)
    data = Path(path).read_bytes()
    read_s = None
    with app.test_request_context():
        if kind == "sheet":
            from app.imports.cooperatives import preview_cooperatives
            from app.imports.reader import read_table
            from app.imports.services import import_caps

            def call():
                nonlocal read_s
                start = time.perf_counter()
                read_table(data, sheet_names=("Hợp tác xã",))  # the shared reader alone
                read_s = time.perf_counter() - start
                preview = preview_cooperatives(data, **import_caps(app.config))
                return f"read {len(preview.rows):,} rows"
        else:
            from app.product_images import services

            def call():
                ready = services._prepare(data, services.max_bytes())
                return f"prepared {ready.size[0]}×{ready.size[1]}"

        call_setup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        try:
            outcome = call()
        except Exception as exc:  # noqa: BLE001 — any refusal is an outcome to print
            outcome = f"refused: {_said(exc)}"
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "read_s": seconds if read_s is None else read_s,
        "peak_mb": peak,
        "growth_mb": peak - call_setup,
        "outcome": outcome,
    }


def _said(exc: Exception) -> str:
    """What the app would tell the user about ``exc``."""
    from app.product_images import services

    messages = getattr(exc, "messages", None) or getattr(exc, "problems", None)
    if messages:
        return " ".join(str(m) for m in messages)
    if hasattr(services, "problem_message") and hasattr(exc, "code"):
        return str(services.problem_message(exc, "photo", services.max_bytes()))
    return f"{exc.__class__.__name__}: {exc}"


def _measure(kind: str, path: Path) -> dict:
    args = [sys.executable, "-m", "bench.hostile_inputs", "--case", kind, str(path)]
    try:
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {
            "seconds": TIMEOUT_S,
            "read_s": 0,
            "peak_mb": 0,
            "growth_mb": 0,
            "outcome": "TIMEOUT",
        }
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {
            "seconds": 0,
            "read_s": 0,
            "peak_mb": 0,
            "growth_mb": 0,
            "outcome": f"CRASH {tail[0]}",
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size(n: int) -> str:
    for unit, step in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= step:
            return f"{n / step:.1f} {unit}"
    return f"{n} B"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    results, sizes = {}, {}
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        for i, (name, kind, _compare, build) in enumerate(cases()):
            path = Path(folder) / f"case-{i}"
            path.write_bytes(build())
            sizes[name] = path.stat().st_size
            results[name] = _measure(kind, path)
            path.unlink()
    print(f"load average {load_before} before, {_load()} after, on {os.cpu_count()} cores")
    print("read s: the shared reader alone; total s: the whole check (reader + row rules, or")
    print("the photo's preparation); ratios: total time and peak RSS against the normal file\n")
    print(f"{'case':38} {'file':>9} {'read s':>6} {'total s':>7} {'peak MB':>7} {'+MB':>5} "
          f"{'×time':>6} {'×peak':>5}  outcome")  # fmt: skip
    worst: dict[str, list[float]] = {"sheet": [0, 0, 0], "photo": [0, 0, 0]}
    for name, kind, compare, _ in cases():
        r = results[name]
        base = results.get(NORMAL.get(compare, ""), r)
        ratio_t = r["seconds"] / base["seconds"] if base["seconds"] else 0
        ratio_m = r["peak_mb"] / base["peak_mb"] if base["peak_mb"] else 0
        outcome = r["outcome"] if len(r["outcome"]) < 80 else r["outcome"][:77] + "…"
        print(
            f"{name:38} {_size(sizes[name]):>9} {r['read_s']:6.2f} {r['seconds']:7.2f} "
            f"{r['peak_mb']:7.0f} {r['growth_mb']:+5.0f} {ratio_t:6.2f} {ratio_m:5.2f}  {outcome}"
        )
        for i, value in enumerate((r["read_s"], r["seconds"], r["peak_mb"])):
            worst[kind][i] = max(worst[kind][i], value)
    read_s, total_s, peak = worst["sheet"]
    verdict = "OK" if read_s <= SHEET_LIMIT_S and peak <= SHEET_LIMIT_MB else "OVER"
    print(
        f"\nsheets: reader at most {read_s:.2f} s (target ≤ {SHEET_LIMIT_S:g} s), whole check at "
        f"most {total_s:.2f} s, peak RSS at most {peak:.0f} MB (target ≤ {SHEET_LIMIT_MB} MB): "
        f"{verdict}"
    )
    print(
        f"photos: at most {worst['photo'][1]:.2f} s, peak RSS at most {worst['photo'][2]:.0f} MB "
        f"(target ≤ {PHOTO_LIMIT_MB} MB for the phone photo)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2], sys.argv[3])))
    else:
        main()
