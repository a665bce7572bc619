"""Reading uploaded sheets: xlsx and csv alike, refusing what we cannot import, never crashing."""

import codecs
import io
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from app.imports.columns import Column, check_rows
from app.imports.problems import ImportFileError
from app.imports.reader import BLANK_ROWS_ENOUGH, cell_text, read_table
from tests.support.import_files import csv_bytes, xlsx

ROWS = [["Hợp tác xã Lâm Bình", "5000123456"], ["HTX Đồng Tâm", ""]]
HEADERS = ["Tên hợp tác xã", "Mã số thuế"]


def _messages(exc_info) -> str:
    return " ".join(str(m) for m in exc_info.value.messages)


@pytest.mark.parametrize(
    "data",
    [
        xlsx(ROWS, HEADERS),
        csv_bytes(ROWS, HEADERS),
        csv_bytes(ROWS, HEADERS, delimiter=";"),
        csv_bytes(ROWS, HEADERS, delimiter="\t"),
        codecs.BOM_UTF8 + csv_bytes(ROWS, HEADERS, delimiter=";"),
        csv_bytes(ROWS, HEADERS, delimiter="\t", encoding="utf-16"),
    ],
    ids=["xlsx", "csv-comma", "csv-semicolon", "csv-tab", "csv-utf8-bom", "utf16-tab"],
)
def test_every_accepted_format_reads_the_same_table(data):
    table = read_table(data)
    assert table.headers == HEADERS
    assert table.rows == [(2, ROWS[0]), (3, ["HTX Đồng Tâm"])]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: letters like ơ precomposed, tones as combining marks."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def test_vietnamese_windows_csv_is_read_and_said_so():
    data = _windows_1258(csv_bytes(ROWS, HEADERS, delimiter=";").decode())
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data)
    assert table.encoding_name == "Windows-1258"
    columns = (Column("name", "Tên hợp tác xã"), Column("tax", "Mã số thuế"))
    preview = check_rows(table, columns, lambda r: dict(r.cells))
    assert preview.rows[0].values["name"] == "Hợp tác xã Lâm Bình"  # NFC, though cp1258 is NFD


def test_text_in_neither_utf8_nor_cp1258_gets_a_clear_message():
    with pytest.raises(ImportFileError) as caught:
        read_table("Tên;Mã\nA;B\n".encode() + b"\x81\x8d\x8f")
    assert "UTF-8" in _messages(caught)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 50, "not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "old Excel (.xls)"),
        (b"PK\x03\x04" + b"\x00" * 200, "damaged"),
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
    ],
    ids=["exe", "xls", "broken-zip", "empty", "blank"],
)
def test_files_that_are_not_tables_are_refused(data, words):
    with pytest.raises(ImportFileError) as caught:
        read_table(data)
    assert words in _messages(caught)


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_an_opendocument_sheet_and_a_plain_zip_are_refused():
    ods = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": ""})
    with pytest.raises(ImportFileError) as caught:
        read_table(ods)
    assert ".ods" in _messages(caught)
    with pytest.raises(ImportFileError) as caught:
        read_table(_zip({"readme.txt": "hello"}))
    assert "not a spreadsheet" in _messages(caught)


def test_size_and_row_caps():
    data = xlsx(ROWS * 3, HEADERS)
    with pytest.raises(ImportFileError) as caught:
        read_table(data, max_bytes=len(data) - 1)
    assert "larger than" in _messages(caught)
    assert len(read_table(data, max_rows=6).rows) == 6
    with pytest.raises(ImportFileError) as caught:
        read_table(data, max_rows=5)
    assert "more than 5 rows" in _messages(caught)
    with pytest.raises(ImportFileError):
        read_table(csv_bytes(ROWS * 3, HEADERS), max_rows=5)


def test_formulas_are_refused_naming_the_cells():
    data = xlsx(ROWS, HEADERS, formulas=[("B2", "=1+1"), ("B3", '=HYPERLINK("http://x","y")')])
    with pytest.raises(ImportFileError) as caught:
        read_table(data)
    message = _messages(caught)
    assert "Cells with formulas: B2, B3 (2 in all)." in message
    assert "paste them as values" in message


def test_array_formulas_are_refused_too():
    book = Workbook()
    book.active.append(HEADERS)
    book.active["B2"] = ArrayFormula("B2", "=SUM(A1:A1)")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportFileError):
        read_table(out.getvalue())


def test_text_that_looks_like_a_formula_is_just_text():
    data = csv_bytes([["=1+1", "+84912345678"]], HEADERS)
    assert read_table(data).rows == [(2, ["=1+1", "+84912345678"])]


def test_numbers_and_dates_become_plain_text():
    assert cell_text(912345678.0) == "912345678"
    assert cell_text(5000123456) == "5000123456"
    assert cell_text(1.5) == "1.5"
    assert cell_text(datetime(2026, 3, 1)) == "2026-03-01"
    assert cell_text(date(2026, 3, 1)) == "2026-03-01"
    assert cell_text(None) == ""


def test_blank_rows_are_skipped_but_rows_keep_their_spreadsheet_numbers():
    data = xlsx([ROWS[0], [None, None], ROWS[1]], HEADERS)
    assert [number for number, _ in read_table(data).rows] == [2, 4]


def test_a_sheet_formatted_far_below_its_data_stops_at_a_long_blank_run():
    rows = [ROWS[0]] + [[None, None]] * (BLANK_ROWS_ENOUGH + 5) + [ROWS[1]]
    assert len(read_table(xlsx(rows, HEADERS)).rows) == 1


def test_the_named_sheet_is_read_else_the_first():
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["không phải dữ liệu"])
    book.create_sheet("HOP TAC XA").append(HEADERS)
    out = io.BytesIO()
    book.save(out)
    assert read_table(out.getvalue(), sheet_names=("Hợp tác xã",)).headers == HEADERS
    assert read_table(out.getvalue()).headers == ["không phải dữ liệu"]


# Text a cell can hold: anything but the control characters XML 1.0 forbids.
cell_text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(cell_text_strategy, min_size=2, max_size=2), max_size=5))
def test_arbitrary_csv_cells_never_crash_and_come_out_nfc(rows):
    try:
        table = read_table(csv_bytes(rows, HEADERS))
    except ImportFileError:
        return
    preview = check_rows(
        table,
        (Column("name", "Tên hợp tác xã"), Column("tax", "Mã số thuế")),
        lambda r: dict(r.cells),
    )
    for result in preview.rows:
        for value in result.values.values():
            assert unicodedata.is_normalized("NFC", value)
            assert value == value.strip()


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(xml_text, min_size=2, max_size=2), min_size=1, max_size=4))
def test_arbitrary_xlsx_cells_never_crash_and_come_out_nfc(rows):
    try:
        table = read_table(xlsx(rows, HEADERS))
    except ImportFileError as exc:
        assert "formulas" in str(exc)  # openpyxl stores text starting with "=" as a formula
        return
    preview = check_rows(
        table,
        (Column("name", "Tên hợp tác xã"), Column("tax", "Mã số thuế")),
        lambda r: dict(r.cells),
    )
    for result in preview.rows:
        assert all(unicodedata.is_normalized("NFC", v) for v in result.values.values())


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_never_crash(data):
    try:
        read_table(data)
    except ImportFileError as exc:
        assert exc.messages
