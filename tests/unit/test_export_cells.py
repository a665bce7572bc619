"""Cells never run as formulas and always hold NFC text, whatever was typed."""

import csv
import io
import unicodedata
import zipfile

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from app.exports.cells import FORMULA_STARTS, DelimitedSheet, XlsxSheet, csv_cell, text

TRICKY = [
    '=HYPERLINK("http://x","y")',
    "+84 912 345 678",
    "-5+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "Ca\u0300 phe\u0302 Di Li\u0323nh",  # NFD
]
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


def _xlsx(rows) -> openpyxl.Workbook:
    sheet = XlsxSheet("Sheet")
    for row in rows:
        sheet.write(row)
    out = io.BytesIO()
    sheet.save(out)
    return out


def test_tricky_cells_come_back_as_the_exact_text_never_a_formula():
    out = _xlsx([[value] for value in TRICKY])
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    cells = [row[0] for row in openpyxl.load_workbook(out).active.iter_rows()]
    for cell, typed in zip(cells, TRICKY, strict=True):
        assert cell.data_type == "s"
        assert cell.value == text(typed) == unicodedata.normalize("NFC", typed).replace("\r", "\n")
    assert cells[0].quotePrefix  # Excel keeps it text even when someone edits the cell


@given(st.lists(texts, min_size=1, max_size=5))
def test_any_text_survives_xlsx_as_nfc_text(values):
    out = _xlsx([values])
    row = next(openpyxl.load_workbook(out).active.iter_rows())
    for cell, typed in zip(row, values, strict=True):
        expected = text(typed)
        assert (cell.value or "") == expected
        assert cell.data_type in ("s", "inlineStr", "n")  # never "f"


@given(texts)
def test_csv_cells_never_start_like_a_formula(value):
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert unicodedata.is_normalized("NFC", cell)
    assert cell in (text(value), "'" + text(value))


@given(st.lists(texts, min_size=1, max_size=4))
def test_csv_and_tsv_read_back_as_written(values):
    for delimiter in (",", "\t"):
        raw = io.BytesIO()
        sheet = DelimitedSheet(raw, delimiter)
        sheet.write(values)
        sheet.write([1, 2])
        sheet.close()
        data = raw.getvalue()
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
        decoded = data.decode("utf-8-sig")
        if delimiter == ",":
            row = next(csv.reader(io.StringIO(decoded, newline="")))
            assert row == [csv_cell(v) for v in values]
        else:
            lines = decoded.split("\r\n")
            assert len(lines) == 3 and lines[1] == "1\t2"  # no value broke a line
            assert lines[0].split("\t") == [csv_cell(v, one_line=True) for v in values]


def test_a_photo_larger_than_a_profile_takes_is_made_smaller(tmp_path):
    from PIL import Image

    from app.exports.packs import fit_photo
    from app.exports.profiles import ImageRules
    from tests.support.product_images import photo

    path = tmp_path / "square.jpg"
    path.write_bytes(photo((1600, 1600)))
    roomy = ImageRules(min_count=1, max_count=9, min_side=500, max_bytes=2_000_000, square=True)
    assert fit_photo(path.read_bytes(), roomy) is None  # as stored
    tight = ImageRules(
        min_count=1, max_count=9, min_side=500, max_bytes=60_000, square=True, max_side=1000
    )
    smaller = fit_photo(path.read_bytes(), tight)
    with Image.open(io.BytesIO(smaller)) as image:
        assert image.format == "JPEG" and image.size == (1000, 1000)
    assert len(smaller) <= 60_000


def test_the_header_is_bold_frozen_noted_and_long_text_wraps_still_safe():
    sheet = XlsxSheet("Sheet")
    sheet.write_header(["SKU", "Mô tả"], widths=[20, 60], notes=["Bắt buộc."], wrapped=[1])
    sheet.write(["LB-1", FORMULA_LIKE])
    sheet.write(["LB-2", ""])
    out = io.BytesIO()
    sheet.save(out)
    book = openpyxl.load_workbook(out).active
    assert book.freeze_panes == "A2"
    assert [book.column_dimensions[c].width for c in "AB"] == [20, 60]
    sku, description = book[1]
    assert sku.font.b and description.font.b and sku.comment.text == "Bắt buộc."
    assert description.comment is None  # no note given: none written
    risky = book["B2"]
    assert risky.value == FORMULA_LIKE and risky.data_type == "s" and risky.quotePrefix
    assert risky.alignment.wrap_text and not book["A2"].alignment.wrap_text
    assert book["B3"].value is None  # an empty cell is not made into a styled one


FORMULA_LIKE = "=SUM(A1) lạc đỏ " * 20
