"""Reading label PDFs the way a printer and a phone would: pages rendered with pdftoppm,
every QR decoded with zxing-cpp, text extracted with pdftotext."""

import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image

from app.clock import local_today
from app.labels.services import RunRequest, create_run
from app.models import LabelKind


def rendered_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "labels.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(folder) / "p")],
            check=True,
        )
        return [Image.open(p).copy() for p in sorted(Path(folder).glob("p-*.png"))]


def decoded_symbols(pdf: bytes, dpi: int) -> list[list]:
    """zxing-cpp's results for each page (standard QR only), top to bottom, left to right."""
    pages = []
    for image in rendered_pages(pdf, dpi):
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCodeModel2)
        found.sort(key=lambda r: (round(r.position.top_left.y / 40), r.position.top_left.x))
        pages.append(found)
    return pages


def decoded_pages(pdf: bytes, dpi: int) -> list[list[str]]:
    """The QR texts found on each page, top to bottom and left to right."""
    return [[r.text for r in page] for page in decoded_symbols(pdf, dpi)]


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes as pdfinfo reports them, in millimetres."""
    result = subprocess.run(
        ["pdfinfo", "-l", "1000", "-"], input=pdf, capture_output=True, check=True
    )
    sizes = []
    for line in result.stdout.decode().splitlines():
        if line.startswith("Page") and "size:" in line:
            words = line.split("size:")[1].split()
            sizes.append((float(words[0]) * 25.4 / 72, float(words[2]) * 25.4 / 72))
    return sizes


def path_of(url: str) -> str:
    return urlsplit(url).path


def make_run(batch, template="a4-5x13", count=10, serialized=False, **values):
    request = RunRequest(
        template=template,
        count=count,
        kind=LabelKind.SERIALIZED if serialized else LabelKind.BATCH,
        **values,
    )
    return create_run(batch, request, None, "http://127.0.0.1:5000", local_today())
