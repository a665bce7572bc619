"""An officer on a 360-px phone signs in, lands on the dashboard and registers a cooperative."""

import pytest

from tests.support.browser import OFFICER, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_officer_signs_in_on_a_phone_and_lands_on_the_dashboard(live_server, phone):
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Xin chào, Hoàng Thị Lan"
    assert phone.locator(".role").inner_text() == "Cán bộ khuyến nông"
    assert phone.get_by_role("link", name="HTX Lâm Bình").first.is_visible()
    assert phone.get_by_role("link", name="HTX Xanh Di Linh").count() == 0  # another province
    # nothing overflows a 360-px screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "officer-dashboard-360")


def test_wrong_password_message_beside_the_field(live_server, phone):
    phone.goto(f"{live_server}/auth/login")
    phone.get_by_label("Email hoặc số điện thoại").fill(OFFICER)
    phone.get_by_label("Mật khẩu").fill("sai-mat-khau")
    phone.get_by_role("button", name="Đăng nhập").click()
    error = phone.locator("#password-error")
    assert error.inner_text() == "Sai email/số điện thoại hoặc mật khẩu."
    assert phone.get_by_label("Email hoặc số điện thoại").input_value() == OFFICER


def test_commune_picker_follows_the_province(live_server, phone):
    sign_in(phone, live_server)
    phone.goto(f"{live_server}/cooperatives/new")
    assert not phone.get_by_role("button", name="Hiện danh sách xã của tỉnh này").is_visible()
    phone.get_by_label("Tên đầy đủ").fill("Hợp tác xã Cam sành Hàm Yên")
    phone.get_by_label("Tỉnh/thành phố").select_option(label="Tuyên Quang")
    commune = phone.get_by_label("Xã/phường")
    commune.locator("option", has_text="Xã Hàm Yên").wait_for(state="attached")
    commune.select_option(label="Xã Hàm Yên")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url("**/cooperatives/*")
    assert "Xã Hàm Yên, Tuyên Quang" in phone.locator(".facts").first.inner_text()
    screenshot(phone, "cooperative-registered-360")


def test_language_switch_on_every_page(live_server, phone):
    phone.goto(f"{live_server}/auth/login")
    phone.get_by_role("link", name="English").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Sign in"
    phone.goto(f"{live_server}/")
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("link", name="Tiếng Việt").click()
    assert phone.locator("html").get_attribute("lang") == "vi"
