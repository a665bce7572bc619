"""An officer on a 360-px phone reads a cooperative's history: the demo's people by name,
before and after, nothing wider than the screen."""

import pytest

from tests.support.browser import sign_in

pytestmark = pytest.mark.browser


def test_officer_reads_the_history_on_a_phone(live_server, phone):
    sign_in(phone, live_server)
    phone.get_by_role("link", name="HTX Lâm Bình").first.click()
    section = phone.locator("#activity")
    assert "Ma Thị Hoa" in section.inner_text()
    section.get_by_role("link", name="Xem toàn bộ lịch sử").click()
    heading = phone.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Lịch sử thay đổi của")
    entry = phone.locator(".activity-entry", has_text="Ma Thị Hoa").first
    assert "→" in entry.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
