"""The officer's whole journey on a phone: register a cooperative with its bank account, add its
VietGAP certificate, tick marketplace steps with evidence, log the support visit, and watch the
dashboard move; then the buyer's view of the cooperative's public page.

Screenshots of the dashboard and the public page land in test-artifacts/.
"""

from datetime import timedelta

import pytest

from app.certificates.rules import add_months
from app.clock import local_today
from tests.support.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

NAME = "Hợp tác xã Miến dong Thượng Lâm"
SHORT = "HTX Miến dong Thượng Lâm"
SHOP = "https://voso.vn/shop/htx-mien-dong-thuong-lam"


def _figures(page) -> dict[str, int]:
    return {
        stat.get_attribute("data-figure"): int(stat.locator(".num").inner_text())
        for stat in page.locator(".stats .stat").all()
    }


def _stage(page, stage: str) -> int:
    return int(page.locator(f'.funnel [data-stage="{stage}"]').get_attribute("data-count"))


def _tick(page, step_label: str, marketplace: str, date: str, url=None, note=None):
    page.get_by_role("link", name=f"Cập nhật {step_label}, {marketplace}").click()
    page.get_by_label("Tình trạng").select_option(label="Đã xong")
    page.get_by_label("Ngày hoàn thành").fill(date)
    if url:
        page.get_by_label("Đường liên kết").fill(url)
    if note:
        page.get_by_label("Ghi chú").fill(note)
    page.get_by_role("button", name="Lưu").click()


def test_officer_onboards_a_cooperative_end_to_end(live_server, phone):
    today = local_today()
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    before = _figures(phone)
    listed_before = _stage(phone, "first_listing")

    # 1. Register the cooperative, with its bank account for the VietQR code.
    phone.get_by_role("link", name="Đăng ký hợp tác xã").click()
    phone.get_by_label("Tên đầy đủ").fill(NAME)
    phone.get_by_label("Tên viết tắt").fill(SHORT)
    phone.get_by_label("Mã số thuế").fill("5000888123")
    phone.get_by_label("Tỉnh/thành phố").select_option(label="Tuyên Quang")
    commune = phone.get_by_label("Xã/phường")
    commune.locator("option", has_text="Xã Thượng Lâm").wait_for(state="attached")
    commune.select_option(label="Xã Thượng Lâm")
    phone.get_by_label("Điện thoại").fill("0912 888 123")
    phone.get_by_label("Ngân hàng").select_option(value="970405")
    phone.get_by_label("Số tài khoản").fill("8700 2222 33333")
    phone.get_by_label("Chủ tài khoản").fill("Hợp tác xã Miến dong Thượng Lâm")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(f"{live_server}/cooperatives/*")
    cooperative_url = phone.url
    assert "Xã Thượng Lâm, Tuyên Quang" in phone.locator(".facts").first.inner_text()

    # 2. Its VietGAP certificate, valid for another year.
    phone.get_by_role("link", name="Thêm chứng nhận").click()
    phone.get_by_label("Loại chứng nhận").select_option("vietgap")
    phone.get_by_label("Số giấy chứng nhận hoặc số quyết định").fill("VietGAP-TT-25-03-08-0456")
    phone.get_by_label("Cơ quan cấp").fill("Công ty CP Chứng nhận Việt Bắc")
    phone.get_by_label("Ngày cấp").fill((today - timedelta(days=60)).isoformat())
    phone.get_by_label("Ngày hết hạn").fill(add_months(today, 12).isoformat())
    phone.get_by_role("button", name="Lưu").click()
    assert "VietGAP-TT-25-03-08-0456" in phone.locator(".flashes").inner_text()

    # 3. The Voso.vn checklist: a step without its evidence is refused at the field...
    phone.goto(cooperative_url)
    phone.get_by_role("link", name="Mở danh mục các bước lên sàn").click()
    _tick(phone, "Gian hàng đã được duyệt", "Voso.vn", today.isoformat())
    assert phone.locator("#evidence_url-error").is_visible()
    phone.get_by_label("Đường liên kết").fill(SHOP)
    phone.get_by_role("button", name="Lưu").click()
    # ...then the other steps, each with its evidence.
    day = today.isoformat()
    _tick(phone, "Hồ sơ đã sẵn sàng", "Voso.vn", day, note="CCCD, giấy ĐKKD, cam kết ATTP")
    _tick(phone, "Đã mở tài khoản người bán", "Voso.vn", day, note="Tài khoản 0912888123")
    _tick(phone, "Sản phẩm đầu tiên lên sàn", "Voso.vn", day, url=f"{SHOP}/mien-dong-500g")
    voso = phone.locator("section", has=phone.get_by_role("heading", name="Voso.vn"))
    done_rows = voso.locator("tr.step-done")
    assert done_rows.count() == 4
    assert "Hoàng Thị Lan" in done_rows.first.inner_text()  # who confirmed it

    # 4. The support visit that did this.
    phone.get_by_role("link", name="Thăm hỗ trợ").first.click()
    phone.get_by_role("link", name="Ghi nhận thăm hoặc tập huấn").click()
    phone.get_by_label("Ngày").fill(day)
    phone.get_by_label("Tỉnh/thành phố").select_option(label="Tuyên Quang")
    commune = phone.get_by_label("Xã/phường")
    commune.locator("option", has_text="Xã Thượng Lâm").wait_for(state="attached")
    commune.select_option(label="Xã Thượng Lâm")
    phone.get_by_label(SHORT).check()
    phone.get_by_label("Nội dung").fill("Hướng dẫn mở gian hàng và đăng sản phẩm lên Voso.vn")
    phone.get_by_label("Số người được hướng dẫn").fill("14")
    phone.get_by_role("button", name="Lưu").click()
    assert "Hướng dẫn mở gian hàng" in phone.locator("main").inner_text()

    # 5. The dashboard moved.
    phone.get_by_role("link", name="Tổng quan").first.click()
    after = _figures(phone)
    assert after["cooperatives"] == before["cooperatives"] + 1
    assert after["with_listing"] == before["with_listing"] + 1
    assert after["visits"] == before["visits"] + 1
    assert after["people"] == before["people"] + 14
    assert _stage(phone, "first_listing") == listed_before + 1
    phone.get_by_label("Bước lên sàn").select_option(label="Sản phẩm đầu tiên lên sàn")
    phone.get_by_label("Trạng thái bước").select_option(label="đã xong")
    phone.get_by_role("button", name="Lọc").click()
    assert phone.locator(".card", has_text=SHORT).count() == 1
    phone.get_by_role("link", name="Bỏ lọc").click()
    screenshot(phone, "dashboard-after-onboarding")

    # 6. The buyer's view: certificate, shop and payment code, no sign-in needed.
    buyer = phone.context.browser.new_context(viewport={"width": 360, "height": 740})
    page = buyer.new_page()
    phone.goto(cooperative_url)
    public_link = phone.locator("a[href^='/c/']").first.get_attribute("href")
    page.goto(f"{live_server}{public_link}")
    text = page.locator("main").inner_text()
    assert NAME in text and "Xã Thượng Lâm, Tuyên Quang" in text
    assert "VietGAP" in text
    assert page.locator(f"a[href='{SHOP}']").count() == 1
    assert page.locator("svg[role='img']").count() >= 1  # the VietQR code
    og_title = page.locator("meta[property='og:title']").get_attribute("content")
    assert SHORT in og_title or NAME in og_title
    screenshot(page, "public-cooperative-page")
    buyer.close()
