"""Shared helpers for the export tests: a product ready for every marketplace, certificates
with scans, and packs reopened the way each marketplace reads its file."""

import csv
import io
import zipfile
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import openpyxl

from app import storage
from app.certificates.services import SCAN_FOLDER
from app.clock import local_today
from app.extensions import db
from app.product_images.services import add_images
from app.products.services import ProductData, VariantData, save_product
from tests.support import factories
from tests.support.html_pages import parse_html
from tests.support.product_images import photo

TODAY = local_today()


def ready_product(coop, name="Lạc đỏ Lâm Bình loại 1 Tuyên Quang", sku="LB-LAC-500", **values):
    """A food product with everything marketplaces ask for, one variant and one photo;
    ``photo_size``, ``seed`` (another photo) and ``variants`` change what it has, any other
    keyword a product field."""
    size = values.pop("photo_size", (1200, 1200))
    seed = values.pop("seed", 0)
    variants = values.pop("variants", None) or [
        VariantData(
            row="variants-0",
            sku=sku,
            name="Túi 500 g",
            price_vnd=75_000,
            stock=40,
            net_quantity="500",
            net_unit="g",
            package_weight_g=520,
            length_cm=20,
            width_cm=14,
            height_cm=5,
        )
    ]
    fields = dict(
        name=name,
        category="grains_nuts.peanuts",
        unit="túi",
        status="active",
        description="Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm, trồng trên nương đất dốc ở Lâm Bình.",
        origin_province_code=8,
        origin_commune_code=2266,
        shelf_life_days=180,
        storage_instructions="Nơi khô ráo, thoáng mát.",
        usage_instructions="Rang, luộc hoặc nấu xôi.",
        ingredients="100% lạc đỏ.",
        warnings="Có chứa lạc.",
        variants=variants,
    )
    fields.update(values)
    product = save_product(coop, ProductData(**fields), TODAY)
    if size:
        add_images(product, [("anh.jpg", photo(size, seed=seed))])
    return product


def certificate(coop, kind="vietgap", number="VG-01", expires_in=365, stars=None, scan=True):
    """A certificate of ``coop`` issued 100 days ago, expiring ``expires_in`` days from today,
    with a PDF scan stored like an upload."""
    scan = b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n"
    key = storage.save(scan, SCAN_FOLDER, "pdf")
    return factories.CertificateFactory(
        cooperative=coop,
        kind=kind,
        number=number,
        issuer="Trung tâm Chứng nhận Việt Bắc",
        issued_on=TODAY - timedelta(days=100),
        expires_on=TODAY + timedelta(days=expires_in),
        ocop_stars=stars,
        document_key=key if scan else None,
        document_name=f"{number}.pdf" if scan else None,
    )


def link(product, *certificates):
    product.certificates.extend(certificates)
    db.session.commit()


def open_pack(data: bytes) -> zipfile.ZipFile:
    pack = zipfile.ZipFile(io.BytesIO(data))
    assert pack.testzip() is None
    return pack


def sheet_rows(pack: zipfile.ZipFile, profile) -> tuple[list[str], list[dict]]:
    """(headers, rows as dicts) read as the marketplace reads the file: openpyxl for .xlsx,
    the csv module for CSV (comma, quoted) and TSV (tab, no quoting)."""
    raw = pack.read(profile.file.name)
    if profile.file.format == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        sheet = workbook[profile.file.sheet]
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
        text = raw.decode("utf-8-sig")
        assert "\r\n" in text
        if profile.file.format == "tsv":
            values = [line.split("\t") for line in text.split("\r\n") if line]
        else:
            values = list(csv.reader(io.StringIO(text, newline="")))
    headers = [str(h) for h in values[0]]
    rows = [
        {h: ("" if v is None else v) for h, v in zip(headers, row, strict=True)}
        for row in values[1:]
    ]
    return headers, rows


def xlsx_cells(pack: zipfile.ZipFile, profile):
    """Every cell of the sheet (not values only), to see its type."""
    workbook = openpyxl.load_workbook(io.BytesIO(pack.read(profile.file.name)))
    return [cell for row in workbook[profile.file.sheet].iter_rows() for cell in row]


def fix_links(html: str) -> set[tuple[str, str]]:
    """Every link of the check page that carries a way back: (its path and anchor, its
    ``next``), parsed as the browser reads them."""
    found = set()
    for node in parse_html(html).find_all("a"):
        parts = urlsplit(node.attrs.get("href") or "")
        back = parse_qs(parts.query).get("next")
        if back:
            found.add((parts.path + (f"#{parts.fragment}" if parts.fragment else ""), back[0]))
    return found
