"""Forms built for a thumb (issue 18), with JavaScript, on a 360×740 phone: the event kind
switches in place, a variant row is added without a page load, the first field in error has
the focus, "use my location" fills the coordinates, and a date typed as digits in an
English-language browser is read day first. Navigations are counted where they matter."""

import re
from contextlib import contextmanager

import pytest

from tests.support.browser import screenshot, serious_violations, sign_in, wait_until

pytestmark = pytest.mark.browser

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình
POSITION = {"latitude": 22.4291, "longitude": 105.1237}  # Nà Va, Lâm Bình


@contextmanager
def member_phone(browser, base, **options):
    """A signed-in member on a 360×740 phone; fails on any console error (CSP included).
    ``page.navigations`` lists the main frame's page loads."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, **options
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    navigations: list[str] = []
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
    page.navigations = navigations
    sign_in(page, base, MEMBER)
    page.wait_for_url(f"{base}/dashboard/")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def _a_batch(page, base) -> str:
    """The URL of one of the member's batches."""
    page.goto(f"{base}/trace/batches/")
    href = page.locator("table a[href*='/trace/batches/']").first.get_attribute("href")
    assert re.fullmatch(r"/trace/batches/\d+", href)
    return f"{base}{href}"


def test_the_event_kind_switches_in_place(live_server, browser):
    with member_phone(browser, live_server) as page:
        batch = _a_batch(page, live_server)
        page.goto(batch)
        page.get_by_role("link", name="Ghi sự kiện").click()
        page.get_by_role("link", name="Gieo trồng", exact=True).click()
        assert page.locator("#harvest_quantity").is_hidden()
        before = len(page.navigations)
        page.get_by_label("Việc đã làm").select_option(label="Thu hoạch")
        assert page.locator("#harvest_quantity").is_visible()
        assert page.locator("#input_product").is_hidden()
        page.get_by_label("Việc đã làm").select_option(label="Vận chuyển đi")
        assert page.locator("#transport_to").is_visible()
        assert page.locator("#harvest_quantity").is_hidden()
        assert len(page.navigations) == before  # no page load to switch
        screenshot(page, "event-form-kind-switched")


def test_the_first_field_in_error_has_the_focus(live_server, browser):
    with member_phone(browser, live_server) as page:
        page.goto(_a_batch(page, live_server) + "/events/new?kind=harvest")
        page.get_by_label("Số lượng", exact=True).fill("")
        page.get_by_role("button", name="Lưu sự kiện").click()
        page.wait_for_selector(".error-summary")
        assert page.evaluate("document.activeElement.id") == "harvest_quantity"
        box = page.locator("#harvest_quantity").bounding_box()
        assert 0 <= box["y"] <= 740  # on screen, not 3,300 px below the summary
        link = page.locator(".error-summary a[href='#harvest_quantity']")
        assert link.count() == 1
        screenshot(page, "event-form-first-error")


def test_a_date_typed_as_digits_in_an_english_browser_is_day_first(live_server, browser):
    """Issue 18: on an en-US browser, 15032025 was stored as 3 December 2025."""
    with member_phone(browser, live_server, locale="en-US") as page:
        assert page.evaluate("navigator.language") == "en-US"
        batch = _a_batch(page, live_server)
        page.goto(batch + "/events/new?kind=harvest")
        page.locator("#occurred_on").fill("")
        page.locator("#occurred_on").type("15032025")
        page.locator("#occurred_time").fill("07:30")
        page.locator("#harvest_quantity").fill("40")
        page.locator("#harvest_unit").fill("kg")
        page.get_by_role("button", name="Lưu sự kiện").click()
        page.wait_for_selector("#events-title")
        stored = page.locator(".event-timeline time[datetime^='2025-03-15T00:30']")  # 07:30 VN
        assert stored.count() == 1
        assert "15/03/2025" in stored.inner_text()


def test_a_variant_is_added_in_place_and_skus_left_empty_are_made(live_server, browser):
    with member_phone(browser, live_server) as page:
        page.goto(f"{live_server}/products/new")
        page.get_by_label("Tên sản phẩm").fill("Gạo nếp cái hoa vàng Lâm Bình")
        page.get_by_label("Danh mục").select_option(index=1)
        page.get_by_label("Đơn vị bán").select_option(index=1)
        page.locator("#variants-0-name").fill("Túi 2 kg")
        page.locator("#variants-0-price_vnd").fill("90k")
        before = len(page.navigations)
        page.get_by_role("button", name="Thêm phân loại").click()
        assert page.evaluate("document.activeElement.id") == "variants-1-name"
        assert "Phân loại 2" in page.locator("#variants-1 legend").inner_text()
        page.locator("#variants-1-name").fill("Túi 5 kg")
        page.locator("#variants-1-price_vnd").fill("210 nghìn")
        page.get_by_role("button", name="Thêm phân loại").click()
        assert page.locator("#variants-2").is_visible()  # left blank: ignored on saving
        assert len(page.navigations) == before  # two rows added, no page load
        screenshot(page, "product-form-variant-added")
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.wait_for_url(f"{live_server}/products/*")
        assert len(page.navigations) == before + 1  # the save, and nothing else
        flash = page.locator(".flash", has_text="SKU").inner_text()
        assert "GNCHVLB-TUI-2KG" in flash and "GNCHVLB-TUI-5KG" in flash
        text = page.locator("main").inner_text()
        assert "90.000" in text and "210.000" in text


def test_use_my_location_fills_the_coordinates_and_a_batch_starts_there(live_server, browser):
    options = {"permissions": ["geolocation"], "geolocation": POSITION}
    with member_phone(browser, live_server, **options) as page:
        page.goto(f"{live_server}/trace/plots/new")
        page.get_by_label("Tên", exact=True).fill("Nương Nà Va mới")
        before = len(page.navigations)
        page.get_by_role("button", name="Dùng vị trí hiện tại").click()
        field = page.get_by_label("Toạ độ (vĩ độ, kinh độ)")
        wait_until(page, "document.getElementById('coordinates').value !== ''")
        assert field.input_value() == "22.429100, 105.123700"
        assert "đã được điền" in page.locator("#coordinates-locate-status").inner_text()
        assert len(page.navigations) == before
        screenshot(page, "plot-form-located")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(re.compile(r".*/trace/plots/\?cooperative=\d+#plot-\d+"))
        row = page.locator("tr:target")
        assert "Nương Nà Va mới" in row.inner_text()
        row.get_by_role("link", name="Ghi lô hàng từ thửa này").click()
        if page.locator("select#product").count():  # several products: choose, plot kept
            page.get_by_role("button", name="Tiếp tục").click()
        selected = page.locator("#plot_id option:checked").inner_text()
        assert selected == "Nương Nà Va mới"


def test_the_touched_forms_pass_axe(live_server, browser):
    with member_phone(browser, live_server) as page:
        batch = _a_batch(page, live_server)
        for url in (
            f"{batch}/events/new",
            f"{batch}/events/new?kind=inspection",
            f"{live_server}/products/new",
            f"{live_server}/trace/plots/new",
            f"{live_server}/trace/plots/",
            f"{live_server}/trace/batches/new",
        ):
            page.goto(url)
            assert serious_violations(page) == [], url
        page.goto(f"{batch}/events/new?kind=harvest")
        page.get_by_label("Số lượng", exact=True).fill("không")
        page.get_by_role("button", name="Lưu sự kiện").click()
        page.wait_for_selector(".error-summary")
        assert serious_violations(page) == []
        page.goto(f"{live_server}/products/new")
        page.get_by_role("button", name="Thêm phân loại").click()
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.wait_for_selector(".error-summary")
        assert serious_violations(page) == []
