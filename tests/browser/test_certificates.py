"""An officer on a 360-px phone adds a VietGAP certificate with its scan, sees it marked, and
downloads the scan under its Vietnamese name."""

from datetime import timedelta
from pathlib import Path

import pytest

from app.certificates.rules import add_months
from app.clock import local_today
from tests.support.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

PDF = (  # the smallest real PDF: one blank page, as PDFium must open it (app/uploads.py)
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def test_officer_adds_a_certificate_with_a_scan_on_a_phone(live_server, phone, tmp_path):
    today = local_today()
    scan = tmp_path / "Giấy chứng nhận VietGAP.pdf"
    scan.write_bytes(PDF)
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.get_by_role("link", name="HTX Lâm Bình").first.click()
    phone.get_by_role("link", name="Thêm chứng nhận").click()

    phone.get_by_label("Loại chứng nhận").select_option("vietgap")
    phone.get_by_label("Số giấy chứng nhận hoặc số quyết định").fill("VietGAP-TT-24-01-08-0999")
    phone.get_by_label("Cơ quan cấp").fill("Công ty CP Chứng nhận Việt Bắc")
    phone.get_by_label("Ngày cấp").fill((today - timedelta(days=30)).isoformat())
    phone.get_by_label("Ngày hết hạn").fill(add_months(today, 36).isoformat())
    phone.get_by_label("Bản quét giấy chứng nhận").set_input_files(str(scan))
    phone.get_by_role("button", name="Lưu").click()
    # three years is too long for VietGAP: refused beside the field, what was typed is kept
    assert "tối đa 2 năm" in phone.locator("#expires_on-error").inner_text()
    assert phone.get_by_label("Cơ quan cấp").input_value() == "Công ty CP Chứng nhận Việt Bắc"

    phone.get_by_label("Ngày hết hạn").fill((today + timedelta(days=20)).isoformat())
    phone.get_by_label("Bản quét giấy chứng nhận").set_input_files(str(scan))
    phone.get_by_role("button", name="Lưu").click()
    assert "Đã lưu chứng nhận VietGAP-TT-24-01-08-0999." in phone.locator(".flashes").inner_text()
    row = phone.locator("tr", has_text="VietGAP-TT-24-01-08-0999")
    assert row.locator(".cert-status").inner_text() == "Còn 20 ngày là hết hạn"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "cooperative-certificates-360")

    with phone.expect_download() as info:
        row.get_by_role("link", name="Bản quét VietGAP-TT-24-01-08-0999").click()
    download = info.value
    assert download.suggested_filename == "Giấy chứng nhận VietGAP.pdf"
    assert Path(download.path()).read_bytes() == PDF
