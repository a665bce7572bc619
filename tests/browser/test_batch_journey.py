"""A cooperative member on a 360-px phone records a batch and its history (planting, spraying
with a pre-harvest interval, harvest, packing); a buyer then scans the batch's code and reads
the journey on the trace page."""

import pytest

from tests.support.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình
PRODUCT = "Lạc đỏ Lâm Bình"
LOT = "LB-LAC-2026-11"


def _record_event(page, kind: str, day: str, **fields) -> None:
    page.get_by_role("link", name="Ghi sự kiện").click()
    page.get_by_role("link", name=kind, exact=True).click()  # the kind first (issue 18)
    page.get_by_label("Ngày", exact=True).fill(day)
    page.get_by_label("Giờ", exact=True).fill("07:30")
    for label, value in fields.items():
        page.locator(f"#{label}").fill(value)
    page.get_by_role("button", name="Lưu sự kiện").click()
    if kind == "Đóng gói":  # a first packing goes on to the labels (issue 18); back to the batch
        page.wait_for_url("**/labels/new?batch=*")
        page.get_by_role("link", name=LOT).first.click()
    page.wait_for_selector("#events-title")


def test_member_records_a_batch_with_events_and_a_buyer_reads_its_journey(
    live_server, phone, browser
):
    sign_in(phone, live_server, MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.get_by_role("link", name="Lô hàng").first.click()
    phone.get_by_role("link", name="Ghi lô hàng mới").click()
    phone.get_by_label("Lô hàng của sản phẩm nào?").select_option(label=f"{PRODUCT} · HTX Lâm Bình")
    phone.get_by_role("button", name="Tiếp tục").click()

    # A code GS1 does not allow (a space, "#") is refused at its field; what was typed stays.
    phone.get_by_label("Mã lô hàng").fill("LB LAC #11")
    phone.get_by_label("Số lượng").fill("1.250,5")
    assert phone.locator("#unit").input_value() == "túi"  # as the product is sold (issue 18)
    phone.locator("#unit").select_option("kg")  # a harvest is weighed
    phone.get_by_label("Lô đất hoặc cơ sở").select_option(label="Nương Nà Va")
    phone.get_by_label("Ngày thu hoạch hoặc sản xuất").fill("2026-11-20")
    phone.get_by_label("Ngày đóng gói").fill("2026-11-22")
    phone.get_by_role("button", name="Lưu").click()
    assert phone.locator("#code-error").is_visible()
    assert phone.get_by_label("Số lượng").input_value() == "1.250,5"
    phone.get_by_label("Mã lô hàng").fill(LOT)
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_selector("#events-title")
    facts = phone.locator("dl.facts").first.inner_text()
    assert LOT in facts and "1.250,5 kg" in facts and "20/11/2026" in facts
    code = phone.locator("code.public-code").inner_text().strip()

    _record_event(phone, "Gieo trồng", "2026-08-01", notes="Gieo giống lạc đỏ địa phương.")
    _record_event(
        phone,
        "Sử dụng vật tư (phân bón, thuốc BVTV)",
        "2026-10-20",
        input_product="Kasumin 2SL",
        input_active_ingredient="Kasugamycin",
        input_dose="1 lít/ha",
        input_phi_days="7",
    )
    _record_event(phone, "Thu hoạch", "2026-11-20", harvest_quantity="1250,5", harvest_unit="kg")
    _record_event(phone, "Đóng gói", "2026-11-22", place="Nhà xưởng HTX Lâm Bình")
    events = phone.locator("#events")
    assert "Lịch sử nguyên vẹn: đã kiểm tra 4 sự kiện." in events.inner_text()
    assert "1.250,5 kg" in events.inner_text()  # the harvest, as a Vietnamese reads numbers
    assert phone.locator(".phi-warning").count() == 0
    screenshot(phone, "batch-page-member")

    # A buyer scans the label with another phone: no account, no cookies.
    buyer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    buyer.goto(f"{live_server}/t/{code}")
    assert buyer.get_by_role("heading", level=1).inner_text() == PRODUCT
    journey = buyer.locator("#journey-heading + *, .journey").first.locator("..").inner_text()
    for step in ("Gieo trồng", "Thu hoạch", "Đóng gói", "1.250,5 kg", "Nhà xưởng HTX Lâm Bình"):
        assert step in journey, step
    assert "Kasumin 2SL" in journey
    assert "Đã bảo đảm thời gian cách ly trước thu hoạch." in journey
    assert LOT in buyer.locator("main").inner_text()
    assert buyer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(buyer, "trace-page-new-batch")
    buyer.context.close()
