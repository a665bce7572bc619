"""The downloadable template: Vietnamese headers, notes, lists, an example that imports cleanly,
and no cell we write can run as a formula."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.imports.columns import check_rows
from app.imports.cooperatives import COLUMNS, CooperativeRules, Existing, preview_cooperatives
from app.imports.reader import read_table
from app.imports.template import cooperative_template, put


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_template_layout():
    data = cooperative_template()
    book = _book(data)
    assert book.sheetnames == ["Hợp tác xã", "Ví dụ", "Hướng dẫn", "Danh mục tỉnh", "Danh mục xã"]
    sheet = book["Hợp tác xã"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in COLUMNS]
    assert sheet["A1"].comment.text.startswith("Bắt buộc")
    assert sheet.freeze_panes == "A2"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C2"] == '"Hợp tác xã,Tổ hợp tác,Hộ kinh doanh,Doanh nghiệp"'
    assert lists["F2"] == "'Danh mục tỉnh'!$A$2:$A$35"
    assert book["Danh mục xã"].max_row == 3321 + 1
    assert sheet.column_dimensions["D"].number_format == "@"  # tax codes keep their zeros


def test_the_empty_template_uploads_as_no_rows_and_its_example_imports_cleanly():
    data = cooperative_template()
    assert preview_cooperatives(data).rows == []
    example = check_rows(
        read_table(data, sheet_names=("Ví dụ",)), COLUMNS, CooperativeRules(Existing()).check
    )
    (row,) = example.rows
    assert row.problems == []
    assert (row.values["province_code"], row.values["commune_code"]) == (8, 2296)


def _written(value):
    book = Workbook()
    put(book.active, 1, 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_text_that_looks_like_a_formula_is_written_as_text():
    data = _written('=HYPERLINK("http://evil.example","bấm vào")')
    cell = _book(data).active["A1"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert read_table(data).headers == ['=HYPERLINK("http://evil.example","bấm vào")']


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
        ),
        min_size=1,
        max_size=30,
    )
)
def test_no_text_we_write_is_ever_a_formula(value):
    data = _written(value)
    cell = load_workbook(io.BytesIO(data), read_only=True).active["A1"]
    assert cell.data_type != "f"
    assert cell.value == value
