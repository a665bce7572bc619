"""The shared reader's budgets, its own .xlsx parsing, and hostile files of any shape.

Property tests: any small generated CSV or .xlsx (rows out of order, gaps, odd cell types,
dangling string indexes, tiny budgets) is read or refused with an ImportFileError whose
messages say why; no other exception ever escapes.
"""

import io
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from app.imports.limits import ReadLimits
from app.imports.problems import ImportFileError
from app.imports.reader import read_table
from tests.support import hostile_files as hostile

MAIN = hostile.MAIN


def _messages(exc_info) -> str:
    return " ".join(str(m) for m in exc_info.value.messages)


def _sheet(*rows: str, before: str = "") -> bytes:
    return hostile.workbook(
        [hostile.SHEET_OPEN.replace("<sheetData>", before + "<sheetData>")]
        + list(rows)
        + [hostile.SHEET_CLOSE]
    )


def test_values_read_as_openpyxl_would():
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên", "Ngày", "Số", "Thập phân", "Đúng", "Giờ"])
    sheet.append(["Chè", datetime(2026, 3, 1), 912345678, 1.5, True, datetime(2026, 3, 1, 8, 30)])
    sheet.append([CellRichText(["Mật ", TextBlock(InlineFont(b=True), "ong")]), date(2025, 1, 2)])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue())
    assert table.headers == ["Tên", "Ngày", "Số", "Thập phân", "Đúng", "Giờ"]
    assert table.rows == [
        (2, ["Chè", "2026-03-01", "912345678", "1.5", "TRUE", "2026-03-01 08:30:00"]),
        (3, ["Mật ong", "2025-01-02"]),
    ]


def test_prefixed_names_and_phonetic_hints_are_understood():
    sheet = (
        hostile.XML_DECL + f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Tên</x:t>'
        '<x:rPh sb="0" eb="1"><x:t>ten</x:t></x:rPh></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>HTX</x:t></x:is></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    assert read_table(hostile.workbook([sheet])).rows == [(2, ["HTX"])]


def test_rows_are_numbered_as_the_sheet_numbers_them_and_a_long_gap_ends_the_data():
    data = _sheet(
        hostile.row_xml(3, ["Tên", "Mã"]),
        hostile.row_xml(7, ["HTX A", "1"]),
        hostile.row_xml(7 + 999, ["HTX B", "2"]),
        hostile.row_xml(7 + 999 + 1002, ["HTX C", "3"]),
    )
    table = read_table(data)
    assert table.header_row == 3
    assert [number for number, _ in table.rows] == [7, 1006]


def test_a_gap_before_the_header_is_refused_naming_the_limit():
    with pytest.raises(ImportFileError) as caught:
        read_table(_sheet(hostile.row_xml(1002, ["Tên"])))
    assert "more than 1000 empty rows before its first filled row" in _messages(caught)
    assert read_table(_sheet(hostile.row_xml(1001, ["Tên"]))).header_row == 1001


def test_rows_out_of_order_mean_a_damaged_file():
    with pytest.raises(ImportFileError) as caught:
        read_table(_sheet(hostile.row_xml(5, ["Tên"]), hostile.row_xml(2, ["HTX"])))
    assert "damaged" in _messages(caught)


def test_a_document_type_declaration_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    with pytest.raises(ImportFileError) as caught:
        read_table(hostile.workbook([bomb]))
    assert "damaged" in _messages(caught)


def test_cells_and_csv_records_have_a_length_limit():
    limits = ReadLimits(max_cell_chars=10, max_csv_row_chars=100)
    with pytest.raises(ImportFileError) as caught:
        read_table(_sheet(hostile.row_xml(1, ["Tên", "x" * 11])), limits=limits)
    assert "Cell B1 holds more than 10 characters" in _messages(caught)
    with pytest.raises(ImportFileError) as caught:
        read_table(b"Ten;Ma\r\nHTX;" + b"y" * 11 + b"\r\n", limits=limits)
    assert "A cell of row 2 holds more than 10 characters" in _messages(caught)
    with pytest.raises(ImportFileError) as caught:
        read_table(b'Ten;Ma\r\n"HTX' + b"\r\nz" * 100, limits=limits)
    assert "Row 2 of the file is longer than 100 characters" in _messages(caught)


def test_a_csv_field_beyond_the_csv_modules_own_limit_is_named():
    with pytest.raises(ImportFileError) as caught:
        read_table(b'Ten;Ma\r\nHTX;"' + b"q" * 200_000 + b'"\r\n')
    assert "A cell of row 2 holds more than" in _messages(caught)


def test_cells_and_rows_count_against_the_cell_budget():
    limits = ReadLimits(max_cells=20)
    rows = [hostile.row_xml(n, ["a", "b", "c"]) for n in range(1, 6)]  # 5 rows + 15 cells
    assert len(read_table(_sheet(*rows), limits=limits).rows) == 4
    with pytest.raises(ImportFileError) as caught:
        read_table(_sheet(*rows, hostile.row_xml(6, ["d"])), limits=limits)
    assert "more than 20 cells, empty ones included" in _messages(caught)
    csv_data = b"a;b\r\n" + b"1;2\r\n" * 10
    with pytest.raises(ImportFileError):
        read_table(csv_data + b"3;4\r\n", limits=limits)


def test_inflated_bytes_are_counted_per_part_and_for_the_whole_workbook():
    padded = hostile.padded_xlsx(2 * 1024 * 1024)
    with pytest.raises(ImportFileError) as caught:
        read_table(padded, limits=ReadLimits(max_unpacked_bytes=1024 * 1024))
    assert "The workbook is larger than 1 MB once unpacked" in _messages(caught)
    with pytest.raises(ImportFileError) as caught:
        read_table(padded, limits=ReadLimits(max_sheet_bytes=1024 * 1024))
    assert "The sheet is larger than 1 MB once unpacked" in _messages(caught)
    assert read_table(padded).rows == [(2, ["HTX Lâm Bình", "5000123456"])]


def test_a_dangling_shared_string_index_is_damage_not_a_crash():
    data = _sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>')
    with pytest.raises(ImportFileError) as caught:
        read_table(data)
    assert "damaged" in _messages(caught)


def test_too_many_zip_entries_are_refused_before_the_zip_is_opened():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"x/{i}", b"")
    with pytest.raises(ImportFileError):
        read_table(out.getvalue())


# --- property tests ------------------------------------------------------------------------

small_limits = st.builds(
    ReadLimits,
    max_rows=st.integers(1, 6),
    max_columns=st.integers(1, 6),
    max_blank_rows=st.integers(1, 30),
    max_cells=st.integers(1, 60),
    max_cell_chars=st.integers(1, 40),
    max_shared_strings=st.integers(1, 6),
    max_shared_strings_bytes=st.integers(100, 4000),
    max_sheet_bytes=st.integers(200, 20_000),
    max_csv_row_chars=st.integers(1, 200),
)
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
xml_text = any_text.map(
    lambda t: (
        "".join(c for c in t if c in "\t\n\r" or ord(c) >= 0x20)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
    )
)
cell = st.tuples(
    st.sampled_from(["", "A", "B", "C", "ZZ", "XFD", "1A", "a"]),
    st.sampled_from([None, "s", "b", "e", "str", "inlineStr", "d", "n", "bogus"]),
    st.one_of(xml_text, st.integers(-5, 10).map(str), st.sampled_from(["1e400", "1.5", "nan"])),
    st.sampled_from([None, "0", "1", "14", "9999", "x"]),
    st.booleans(),
)


def _cell_xml(row: int, spec) -> str:
    column, kind, value, style, formula = spec
    attrs = (f' r="{column}{row}"' if column else "") + (f' t="{kind}"' if kind else "")
    attrs += f' s="{style}"' if style else ""
    inner = "<f>1+1</f>" if formula else ""
    inner += f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
    return f"<c{attrs}>{inner}</c>"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 3000)), st.lists(cell, max_size=5)),
        max_size=8,
    ),
    strings=st.lists(xml_text, max_size=8),
    limits=st.one_of(st.none(), small_limits),
)
def test_any_small_workbook_is_read_or_refused_never_crashes(rows, strings, limits):
    body = "".join(
        (f'<row r="{number}">' if number is not None else "<row>")
        + "".join(_cell_xml(number or 1, spec) for spec in cells)
        + "</row>"
        for number, cells in rows
    )
    table = hostile.XML_DECL + f'<sst xmlns="{MAIN}">'
    table += "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>"
    data = hostile.workbook([hostile.SHEET_OPEN, body, hostile.SHEET_CLOSE], [table])
    try:
        result = read_table(data, limits=limits)
    except ImportFileError as exc:
        assert exc.messages and all(str(m) for m in exc.messages)
        return
    assert all(isinstance(c, str) for _, cells in result.rows for c in cells)


csv_alphabet = st.sampled_from([";", ",", "\t", '"', "\r", "\n", "\r\n", " ", "a", "Đ", "ệ", "1"])


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(csv_alphabet, max_size=300).map("".join),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
    limits=st.one_of(st.none(), small_limits),
)
def test_any_small_csv_is_read_or_refused_never_crashes(text, encoding, limits):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    try:
        result = read_table(data, limits=limits)
    except ImportFileError as exc:
        assert exc.messages and all(str(m) for m in exc.messages)
        return
    assert result.headers
