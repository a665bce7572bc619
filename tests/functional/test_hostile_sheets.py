"""Hostile spreadsheets through the real import: upload page and ``flask import``.

Each file is small or claims little and holds (or pretends to hold) far more: a cell at row
100,000,000 of a sheet without <dimension>, blank lines by the megabyte, a huge table of
shared strings, thousands of columns, a sheet whose zip headers lie about its size. Each is
refused at once with a Vietnamese message naming the limit, shown where the import shows
file problems, and nothing is saved or kept. Time and memory are proven in
``bench/hostile_inputs.py``, never asserted here.
"""

import io
from pathlib import Path

import pytest

from app.models import Cooperative, Product
from tests.support import hostile_files as hostile

COOPERATIVES = "/import/cooperatives"
BLANK_BEFORE = "Tệp có hơn 1.000 dòng trống trước dòng đầu tiên có dữ liệu."
PRODUCTS = "/import/products"


def _count(db, model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


def _upload(client, url: str, data: bytes, name: str) -> str:
    response = client.post(
        url,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _kept(app) -> list[Path]:
    return sorted((Path(app.config["MEDIA_ROOT"]) / "imports").rglob("*.*"))


@pytest.fixture
def kept_before(app) -> list[Path]:
    """Uploads kept by earlier tests (the media folder lives as long as the session)."""
    return _kept(app)


def _refused(app, db, html: str, message: str, kept_before: list[Path]) -> None:
    assert message in html
    assert 'id="file-error"' in html  # beside the file field, where file problems show
    assert _count(db, Cooperative) == 0
    assert _kept(app) == kept_before


def test_a_cell_at_row_100_million_is_refused_at_once(app, as_officer, db, kept_before):
    data = hostile.far_row_xlsx()
    assert len(data) < 2500
    html = _upload(as_officer, COOPERATIVES, data, "hop-tac-xa.xlsx")
    _refused(app, db, html, BLANK_BEFORE, kept_before)


def test_megabytes_of_blank_lines_before_the_header_are_refused(app, as_officer, db, kept_before):
    html = _upload(as_officer, COOPERATIVES, hostile.blank_lines_csv(2_000_000), "htx.csv")
    _refused(app, db, html, BLANK_BEFORE, kept_before)


def test_blank_lines_after_the_data_end_it(app, as_officer, db):
    data = hostile.normal_csv(3).rstrip(b"\r\n") + b"\r\n" + b";;;\r\n" * 500_000
    data += "HTX sau khoảng trống;5000999999;Tuyên Quang;Lâm Bình\r\n".encode()
    html = _upload(as_officer, COOPERATIVES, data, "htx.csv")
    assert "Đã đọc 3 dòng" in html
    assert "HTX sau khoảng trống" not in html


def test_formatted_empty_rows_before_the_header_are_refused(app, as_officer, db, kept_before):
    html = _upload(as_officer, COOPERATIVES, hostile.blank_run_xlsx(5000), "htx.xlsx")
    _refused(app, db, html, BLANK_BEFORE, kept_before)


def test_a_huge_shared_strings_table_is_refused_by_its_inflated_size(
    app, as_officer, db, monkeypatch, kept_before
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_SHARED_STRINGS_BYTES", 1024 * 1024)
    data = hostile.shared_strings_xlsx(total=3 * 1024 * 1024)
    html = _upload(as_officer, COOPERATIVES, data, "htx.xlsx")
    _refused(app, db, html, "Phần chữ của tệp Excel lớn hơn 1 MB khi giải nén.", kept_before)


def test_too_many_shared_strings_are_refused_by_count(
    app, as_officer, db, monkeypatch, kept_before
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_SHARED_STRINGS", 100)
    data = hostile.shared_strings_xlsx(total=200 * 60, length=20)
    html = _upload(as_officer, COOPERATIVES, data, "htx.xlsx")
    _refused(app, db, html, "Tệp Excel chứa hơn 100 đoạn chữ khác nhau.", kept_before)


def test_thousands_of_columns_exhaust_the_cell_budget(
    app, as_officer, db, monkeypatch, kept_before
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_CELLS", 5000)
    data = hostile.many_cells_xlsx(rows=3, columns=4000)
    html = _upload(as_officer, COOPERATIVES, data, "htx.xlsx")
    _refused(app, db, html, "Tệp có hơn 5.000 ô, kể cả ô trống.", kept_before)


def test_a_sheet_larger_than_its_zip_header_says_is_refused(
    app, as_officer, db, monkeypatch, kept_before
):
    data = hostile.lying_sizes_xlsx(inflated=3 * 1024 * 1024)
    html = _upload(as_officer, COOPERATIVES, data, "htx.xlsx")
    _refused(app, db, html, "Tệp bị hỏng hoặc không phải tệp Excel .xlsx.", kept_before)
    # Whatever the headers say, the bytes are counted as they are inflated.
    monkeypatch.setitem(app.config, "IMPORT_MAX_SHEET_BYTES", 1024 * 1024)
    html = _upload(as_officer, COOPERATIVES, hostile.padded_xlsx(2 * 1024 * 1024), "h.xlsx")
    _refused(app, db, html, "Trang tính lớn hơn 1 MB khi giải nén.", kept_before)


def test_the_product_import_is_bounded_by_the_same_reader(
    app, as_officer, db, coop_tq, kept_before
):
    html = _upload(as_officer, PRODUCTS, hostile.far_row_xlsx(), "san-pham.xlsx")
    assert BLANK_BEFORE in html
    assert _count(db, Product) == 0
    assert _kept(app) == kept_before


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (hostile.far_row_xlsx, "htx.xlsx", "dòng trống trước dòng đầu tiên có dữ liệu"),
        (lambda: hostile.blank_lines_csv(500_000), "htx.csv", "dòng trống trước dòng đầu"),
    ],
    ids=["far-row", "blank-lines"],
)
def test_the_command_line_import_refuses_them_too(runner, db, tmp_path, make, name, message):
    path = tmp_path / name
    path.write_bytes(make())
    result = runner.invoke(args=["import", "cooperatives", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert _count(db, Cooperative) == 0


def test_the_limits_are_settings_with_the_readers_defaults(app):
    from app.imports.limits import ReadLimits, configured

    with app.app_context():
        assert configured() == ReadLimits()
        assert app.config["IMPORT_MAX_ROWS"] == 10_000
        assert app.config["IMPORT_MAX_CELLS"] == ReadLimits().max_cells
