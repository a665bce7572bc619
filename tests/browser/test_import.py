"""An officer on a phone downloads the import template, fills it, uploads it, sees the one bad
row explained by row and column, and confirms: the good rows become cooperatives."""

from openpyxl import load_workbook

from tests.support.browser import screenshot, sign_in
from tests.support.import_files import row, xlsx


def test_officer_imports_cooperatives_from_the_template(live_server, phone, tmp_path):
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/cooperatives/")
    phone.get_by_role("link", name="Nhập từ bảng tính").click()

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    book = load_workbook(template)
    headers = [cell.value for cell in book.worksheets[0][1] if cell.value]
    assert headers[:3] == ["Tên hợp tác xã", "Tên viết tắt", "Loại hình"]

    sheet = tmp_path / "htx-dot-2.xlsx"
    sheet.write_bytes(
        xlsx(
            [
                row(
                    legal_name="Hợp tác xã Cam sành Hàm Yên",
                    kind="HTX",
                    tax_code="5000777001",
                    province="Tuyên Quang",
                    commune="Hàm Yên",
                    phone="0912 777 001",
                ),
                row(
                    legal_name="Hợp tác xã Bưởi Xuân Vân",
                    kind="HTX",
                    tax_code="12345",  # too short: refused at its cell
                    province="Tuyên Quang",
                    commune="Lâm Bình",
                ),
                row(
                    legal_name="Tổ hợp tác Miến dong Lâm Bình",
                    kind="tổ hợp tác",
                    province="8",
                    commune="2266",
                ),
            ]
        )
    )
    phone.get_by_label("Bảng tính (.xlsx hoặc .csv)").set_input_files(str(sheet))
    phone.get_by_role("button", name="Kiểm tra tệp").click()

    problems = phone.locator("#problems + * tbody tr, table.import-problems tbody tr")
    problems.first.wait_for()
    assert problems.count() == 1
    cells = problems.first.locator("td").all_inner_texts()
    assert cells[0].endswith("3") and cells[1].endswith("Mã số thuế")
    screenshot(phone, "import-preview")

    phone.get_by_role("button", name="Nhập các dòng hợp lệ").click()
    phone.wait_for_url(f"{live_server}/cooperatives/**")
    assert "2" in phone.locator(".flash").first.inner_text()
    phone.goto(f"{live_server}/cooperatives/?q=ham+yen")
    assert phone.get_by_role("link", name="Cam sành Hàm Yên").count() >= 1
    phone.goto(f"{live_server}/cooperatives/?q=buoi+xuan+van")
    assert phone.get_by_role("link", name="Bưởi Xuân Vân").count() == 0
