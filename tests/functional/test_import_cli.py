"""``flask import cooperatives FILE``: dry runs, problems per row, exit codes, acting users."""

import pytest

from app.models import Cooperative
from tests.support import factories
from tests.support.import_files import GOOD_ROWS, csv_bytes, row, xlsx

PLACE = {"province": "Tuyên Quang", "commune": "Lâm Bình"}


def _count(db):
    return db.session.execute(db.select(db.func.count()).select_from(Cooperative)).scalar()


@pytest.fixture
def sheet(tmp_path):
    def write(data: bytes, name="hop-tac-xa.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_import_saves_every_row_of_a_good_file(runner, db, sheet):
    result = runner.invoke(args=["import", "cooperatives", sheet(xlsx(GOOD_ROWS))])
    assert result.exit_code == 0, result.output
    assert "Đã đọc 3 dòng: 3 dòng có thể tạo mới, 0 dòng có lỗi" in result.output
    assert "Đã nhập 3 hợp tác xã." in result.output
    assert _count(db) == 3


def test_dry_run_prints_problems_per_row_saves_nothing_and_fails(runner, db, sheet):
    rows = [*GOOD_ROWS, row(legal_name="HTX Sai", tax_code="123", **PLACE)]
    result = runner.invoke(
        args=["import", "cooperatives", "--dry-run", sheet(csv_bytes(rows), "a.csv")]
    )
    assert result.exit_code == 1
    assert "Dòng 5, Mã số thuế: Mã số thuế gồm 10 chữ số" in result.output
    assert "4 dòng: 3 dòng có thể tạo mới, 1 dòng có lỗi" in result.output
    assert "Chạy thử: chưa lưu gì." in result.output
    assert _count(db) == 0


def test_valid_rows_are_saved_and_the_exit_code_reports_the_skipped(runner, db, sheet):
    rows = [GOOD_ROWS[0], row(legal_name="", **PLACE)]
    result = runner.invoke(args=["import", "cooperatives", "--lang", "en", sheet(xlsx(rows))])
    assert result.exit_code == 1
    assert "Row 3, Tên hợp tác xã: Enter the cooperative's legal name." in result.output
    assert "Imported 1 cooperative." in result.output
    assert _count(db) == 1


def test_an_unusable_file_exits_2_with_the_reason(runner, db, sheet):
    data = xlsx(GOOD_ROWS, formulas=[("A2", "=UPPER(B2)")])
    result = runner.invoke(args=["import", "cooperatives", sheet(data)])
    assert result.exit_code == 2
    assert "Ô chứa công thức: A2 (tổng cộng 1 ô)." in result.output
    assert _count(db) == 0


def test_acting_as_an_officer_applies_their_area(runner, db, sheet):
    officer = factories.OfficerFactory(areas__province_code=68)  # Lâm Đồng
    path = sheet(xlsx(GOOD_ROWS))
    result = runner.invoke(args=["import", "cooperatives", "--as", officer.email.upper(), path])
    assert result.exit_code == 1
    assert result.output.count("Xã này nằm ngoài địa bàn bạn phụ trách.") == 3
    assert _count(db) == 0


def test_acting_as_a_member_or_a_stranger_is_refused(runner, db, sheet, member):
    path = sheet(xlsx(GOOD_ROWS))
    result = runner.invoke(args=["import", "cooperatives", "--as", member.email, path])
    assert result.exit_code == 2
    assert "Chỉ cán bộ và quản trị viên được nhập" in result.output
    result = runner.invoke(args=["import", "cooperatives", "--as", "ai@example.vn", path])
    assert result.exit_code == 2 and "no user with the email" in result.output
    assert _count(db) == 1  # the member's cooperative only


def test_help_lists_the_group_and_options(runner):
    result = runner.invoke(args=["import", "--help"])
    assert "cooperatives" in result.output
    result = runner.invoke(args=["import", "cooperatives", "--help"])
    assert "--dry-run" in result.output and "--as EMAIL" in result.output
