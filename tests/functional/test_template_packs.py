"""Packs fill the marketplace's stored template: through the web (a job, as Shopee packs
carry photos) and the command line, with the officers' category mapping in the category
column and a per-category template taking its category's products."""

import io

import openpyxl

from app.exports import profiles
from app.exports.demo_template import CATEGORIES, FIRST_ROW, SHEET, shopee_template
from app.exports.template_store import save_mappings, save_template
from app.extensions import db as _db
from app.models import Job
from tests.support.exports import open_pack, ready_product

PEANUTS, COFFEE = CATEGORIES[0], CATEGORIES[2]


def _stored(officer, categories=None):
    shopee = profiles.get("shopee")
    save_template(shopee, shopee_template(), "Mau Shopee.xlsx", officer)
    save_mappings(shopee, categories or {"grains_nuts.peanuts": PEANUTS}, officer)


def _filled(pack, name):
    book = openpyxl.load_workbook(io.BytesIO(pack.read(name)))
    sheet = book[SHEET]
    header = [c.value for c in sheet[2]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=False))
        for row in sheet.iter_rows(min_row=FIRST_ROW)
        if any(c.value is not None for c in row)
    ]
    return book, rows


def _template_names(pack):
    return [n for n in pack.namelist() if n.endswith(".xlsx") and n.startswith("Mau")]


def test_the_web_pack_fills_the_stored_template_with_the_mapped_category(
    as_member, member, officer, db
):
    coop = member.cooperative
    product = ready_product(coop)
    _stored(officer)
    response = as_member.post(
        "/exports/download",
        data={"marketplace": "shopee", "cooperative": [coop.id], "product": [product.id]},
    )
    [job] = _db.session.scalars(_db.select(Job)).all()
    assert response.status_code == 303
    pack = open_pack(as_member.get(f"/jobs/{job.id}/result").data)
    [name] = _template_names(pack)
    book, rows = _filled(pack, name)
    assert book.sheetnames == ["Hướng dẫn", SHEET, "Ngành hàng"]  # every sheet kept
    assert book[SHEET].row_dimensions[1].hidden  # the technical keys stay hidden
    assert book[SHEET].data_validations.dataValidation  # the category list still offered
    [row] = rows
    assert row["Ngành hàng *"] == PEANUTS
    assert row["SKU phân loại"] == "LB-LAC-500"


def test_a_per_category_template_takes_its_categorys_products(
    officer, member, db, runner, tmp_path
):
    coop = member.cooperative
    ready_product(coop)
    ready_product(
        coop,
        name="Cà phê Robusta rang mộc Lâm Bình",
        sku="LB-CF-250",
        category="coffee_tea.coffee",
        seed=1,
    )
    _stored(officer, {"grains_nuts.peanuts": PEANUTS, "coffee_tea.coffee": COFFEE})
    save_template(profiles.get("shopee"), shopee_template(), "Mau ca phe.xlsx", officer, COFFEE)
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["export", "shopee", "--cooperative", coop.slug, "--out", str(out)])
    assert result.exit_code == 0, result.output
    pack = open_pack(out.read_bytes())
    names = sorted(_template_names(pack))
    assert len(names) == 2, pack.namelist()
    skus = {n: [r["SKU phân loại"] for r in _filled(pack, n)[1]] for n in names}
    assert sorted(skus.values()) == [["LB-CF-250"], ["LB-LAC-500"]]
    coffee = next(n for n in names if "ca phe" in n.lower() or "ca-phe" in n.lower())
    assert skus[coffee] == ["LB-CF-250"]


def test_a_stored_template_gone_from_the_store_leaves_the_built_in_sheet(
    officer, member, db, runner, tmp_path
):
    from app import storage
    from app.models import MarketplaceTemplate

    coop = member.cooperative
    ready_product(coop)
    _stored(officer)
    for row in _db.session.scalars(_db.select(MarketplaceTemplate)):
        storage.delete(row.storage_key)
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["export", "shopee", "--cooperative", coop.slug, "--out", str(out)])
    assert result.exit_code == 0, result.output
    pack = open_pack(out.read_bytes())
    assert _template_names(pack) == []
    assert profiles.get("shopee").file.name in pack.namelist()
