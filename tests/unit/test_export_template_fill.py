"""Filling a template splices rows into its data sheet and leaves every other part of the
workbook as it was; any text lands as NFC text, never as a formula."""

import io
import unicodedata
import xml.dom.minidom
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exports import profiles
from app.exports.cells import text
from app.exports.profiles import Column
from app.exports.rows import Row
from app.exports.template_fill import Filling, Template, TemplateSet
from app.exports.template_layout import read_layout
from tests.support.templates import DATA_SHEET, FIRST_ROW, sheet_part, shopee_template

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension")  # openpyxl's
SHOPEE = profiles.get("shopee")
TEMPLATE = shopee_template(category_list="x14", category_sheet="Lists")
LAYOUT = read_layout(TEMPLATE, SHOPEE)


def _constant(layout, values: dict[str, object]):
    """``layout`` with the columns keyed in ``values`` filled by those constants."""
    columns = tuple(
        replace(c, column=Column(header=c.header, source="constant", value=values[c.key]))
        if c.key in values
        else replace(c, column=None)
        for c in layout.columns
    )
    return replace(layout, columns=columns)


def _fill(values_per_row: list[dict], template=TEMPLATE, layout=LAYOUT) -> bytes:
    """The template filled with a row per dict of constants (by technical key)."""
    filling = Filling(Template("t.xlsx", template, layout), SHOPEE)
    for values in values_per_row:
        constant = _constant(layout, values).columns
        filling.columns = [(c.index, c.column) for c in constant if c.column]  # this row's
        filling.write(Row("simple", None))
    out = io.BytesIO()
    filling.save(out, lambda name: zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)))
    return out.getvalue()


def _no_formula_anywhere(data: bytes) -> None:
    with zipfile.ZipFile(data if isinstance(data, io.BytesIO) else io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                content = archive.read(name)
                xml.dom.minidom.parseString(content)  # well-formed
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in content and b"<f " not in content, name


def test_rows_go_under_the_head_and_everything_else_stays():
    data = _fill([
        {"ps_product_name": "Lạc đỏ Lâm Bình", "ps_price": 75_000, "ps_weight": 0.52},
        {"ps_product_name": "=HYPERLINK(\"http://x\",\"y\")", "ps_price": 98_000},
    ])  # fmt: skip
    _no_formula_anywhere(data)
    part = sheet_part(TEMPLATE, DATA_SHEET)
    with (
        zipfile.ZipFile(io.BytesIO(TEMPLATE)) as before,
        zipfile.ZipFile(io.BytesIO(data)) as after,
    ):
        assert before.namelist() == after.namelist()
        for name in before.namelist():
            if name != part:
                assert before.read(name) == after.read(name), name
        sheet_xml = after.read(part).decode()
    assert "x14:dataValidation" in sheet_xml  # what openpyxl would have dropped
    book = openpyxl.load_workbook(io.BytesIO(data))
    original = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    assert book.sheetnames == original.sheetnames
    sheet, was = book[DATA_SHEET], original[DATA_SHEET]
    assert sheet.max_row == FIRST_ROW + 1  # the prepared empty rows were replaced by ours
    assert sheet.row_dimensions[1].hidden
    assert [str(r) for r in sheet.merged_cells.ranges] == [str(r) for r in was.merged_cells.ranges]
    assert len(sheet.data_validations.dataValidation) == len(was.data_validations.dataValidation)
    for row in range(1, FIRST_ROW):
        assert [c.value for c in sheet[row]] == [c.value for c in was[row]]
    assert sheet.cell(3, 2).font.color.rgb == was.cell(3, 2).font.color.rgb  # styles kept
    name_col = next(c.index for c in LAYOUT.columns if c.key == "ps_product_name")
    price_col = next(c.index for c in LAYOUT.columns if c.key == "ps_price")
    weight_col = next(c.index for c in LAYOUT.columns if c.key == "ps_weight")
    assert sheet.cell(FIRST_ROW, name_col).value == "Lạc đỏ Lâm Bình"
    assert sheet.cell(FIRST_ROW, price_col).value == 75_000
    assert sheet.cell(FIRST_ROW, weight_col).value == 0.52
    risky = sheet.cell(FIRST_ROW + 1, name_col)
    assert risky.value == '=HYPERLINK("http://x","y")' and risky.data_type == "s"
    assert sheet.cell(FIRST_ROW, next(c.index for c in LAYOUT.columns if c.key == "ps_sku_short")
                      ).number_format == "@"  # fmt: skip  # their styles lent to ours


def test_rows_that_hold_something_below_the_head_are_kept_and_skipped():
    from tests.support.templates import replace_part

    part = sheet_part(TEMPLATE, DATA_SHEET)
    kept = '<row r="9" hidden="1"><c r="A9" t="inlineStr"><is><t>ẩn</t></is></c></row>'

    def add(xml: str) -> str:
        head, _, rest = xml.partition('<row r="9"')
        return head + kept + rest[rest.index("</row>") + len("</row>") :]

    template = replace_part(TEMPLATE, part, add)
    data = _fill([{"ps_product_name": f"Sản phẩm {n}"} for n in range(3)], template)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[DATA_SHEET]
    names = [sheet.cell(r, 2).value for r in range(FIRST_ROW, FIRST_ROW + 4)]
    assert names == ["Sản phẩm 0", None, "Sản phẩm 1", "Sản phẩm 2"]
    assert sheet.cell(9, 1).value == "ẩn" and sheet.row_dimensions[9].hidden


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=3))
def test_any_text_lands_as_nfc_text_never_a_formula(values):
    data = _fill([{"ps_product_name": v} for v in values])
    _no_formula_anywhere(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[DATA_SHEET]
    for n, typed in enumerate(values):
        cell = sheet.cell(FIRST_ROW + n, 2)
        expected = text(typed).replace("\ufffe", "").replace("\uffff", "")
        assert (cell.value or "") == expected
        assert cell.data_type != "f"
        assert unicodedata.is_normalized("NFC", cell.value or "")


def test_a_category_template_wins_over_the_general_one():
    general = Template("chung.xlsx", TEMPLATE, LAYOUT)
    rice = Template("gao.xlsx", TEMPLATE, LAYOUT)
    chosen = TemplateSet({None: general, "Gạo": rice})
    assert chosen.for_category("Gạo") is rice
    assert chosen.for_category("Cà phê") is general and chosen.for_category(None) is general
    assert TemplateSet({"Gạo": rice}).for_category("Cà phê") is None
