"""``flask import products FILE``: problems by row and column, summary, exit codes, acting users."""

import shutil
from pathlib import Path

import pytest

from app.models import Product, ProductVariant
from tests.support import factories
from tests.support.product_import_files import csv_bytes, good_rows, prow, xlsx


@pytest.fixture(autouse=True)
def _no_kept_uploads_left(app):
    """Kept uploads of unconfirmed previews would otherwise stay for the next test module."""
    yield
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "imports", ignore_errors=True)


def _count(db, model=Product):
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


@pytest.fixture
def sheet(tmp_path):
    def write(data: bytes, name="san-pham.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_a_good_file_is_imported_and_exits_0(runner, db, sheet, coop_tq):
    result = runner.invoke(args=["import", "products", sheet(xlsx(good_rows(coop_tq.slug)))])
    assert result.exit_code == 0, result.output
    assert "Đã đọc 3 dòng: 2 sản phẩm (3 phân loại) có thể tạo mới" in result.output
    assert "Đã nhập 2 sản phẩm." in result.output
    assert (_count(db), _count(db, ProductVariant)) == (2, 3)


def test_dry_run_prints_problems_by_row_and_column_and_saves_nothing(runner, db, sheet, coop_tq):
    rows = [
        *good_rows(coop_tq.slug),
        prow(name="Gạo", category="Gạo", unit="kg", sku="CST-200", price="1"),
    ]
    path = sheet(csv_bytes(rows), "a.csv")
    result = runner.invoke(args=["import", "products", "--dry-run", path])
    assert result.exit_code == 1
    assert "Dòng 5, Danh mục: Không rõ danh mục “Gạo”." in result.output
    assert "Dòng 5, SKU: Trùng SKU với dòng 2 của tệp này." in result.output
    assert "2 sản phẩm (3 phân loại) có thể tạo mới, 1 sản phẩm có lỗi" in result.output
    assert "Chạy thử: chưa lưu gì." in result.output
    assert _count(db) == 0


def test_valid_products_are_saved_and_the_exit_code_reports_the_skipped(runner, db, sheet, coop_tq):
    rows = [
        *good_rows(coop_tq.slug),
        prow(name="Gạo", category="Gạo tẻ", unit="kg", sku="G 1", price="1"),
    ]
    result = runner.invoke(args=["import", "products", "--lang", "en", sheet(xlsx(rows))])
    assert result.exit_code == 1
    assert "Row 5, SKU: A SKU has 1 to 50 letters" in result.output
    assert "Imported 2 products." in result.output
    assert _count(db) == 2


def test_an_unusable_file_exits_2_with_the_reason(runner, db, sheet, coop_tq):
    data = xlsx(good_rows(coop_tq.slug), formulas=[("A2", "=UPPER(B2)")])
    result = runner.invoke(args=["import", "products", sheet(data)])
    assert result.exit_code == 2
    assert "Ô chứa công thức: A2 (tổng cộng 1 ô)." in result.output
    assert _count(db) == 0


def test_acting_as_an_officer_or_a_member_applies_their_rule(runner, db, sheet, coop_tq, member):
    path = sheet(xlsx(good_rows(coop_tq.slug)))
    officer = factories.OfficerFactory(areas__province_code=68)  # Lâm Đồng
    result = runner.invoke(args=["import", "products", "--as", officer.email, path])
    assert result.exit_code == 1
    assert result.output.count(f"Không có hợp tác xã “{coop_tq.slug}” trong địa bàn bạn") == 2
    assert _count(db) == 0
    result = runner.invoke(args=["import", "products", "--as", member.email.upper(), path])
    assert result.exit_code == 0, result.output
    assert _count(db) == 2


def test_a_member_without_a_cooperative_is_refused(runner, db, sheet, coop_tq):
    loner = factories.UserFactory(role="member")
    path = sheet(xlsx(good_rows(coop_tq.slug)))
    result = runner.invoke(args=["import", "products", "--as", loner.email, path])
    assert result.exit_code == 2
    assert "không thuộc hợp tác xã nào" in result.output


def test_help_lists_products_and_its_options(runner):
    assert "products" in runner.invoke(args=["import", "--help"]).output
    result = runner.invoke(args=["import", "products", "--help"])
    assert "--dry-run" in result.output and "--as EMAIL" in result.output
    assert "--lang" in result.output


def test_photo_links_are_fetched_after_the_products_are_saved(
    app, runner, db, sheet, coop_tq, tmp_path, monkeypatch
):
    from tests.support.loopback import serve_folder
    from tests.support.product_images import photo

    monkeypatch.setitem(app.config, "IMPORT_ALLOW_PRIVATE_URLS", True)
    (tmp_path / "anh.jpg").write_bytes(photo((320, 240)))
    with serve_folder(tmp_path) as base:
        rows = [
            prow(cooperative=coop_tq.slug, name="Chè", category="Chè", unit="kg", sku="C-1",
                 price="1", images=f"{base}/anh.jpg {base}/khong-co.jpg"),
        ]  # fmt: skip
        result = runner.invoke(args=["import", "products", sheet(xlsx(rows))])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 sản phẩm." in result.output
    assert f"Dòng 2, “{base}/khong-co.jpg”: Máy chủ trả về mã lỗi 404" in result.output
    [product] = db.session.execute(db.select(Product)).scalars()
    assert [(image.width, image.height) for image in product.images] == [(320, 240)]
