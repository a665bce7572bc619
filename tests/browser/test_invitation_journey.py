"""On a 360-px phone: an officer invites a member and copies the message with the code; the
invited person, in another browser, opens the link, chooses a password (showing it while
typing), lands on the cooperative and records a batch; the officer sees the invitation
accepted and the batch in the cooperative's activity log."""

import re

import pytest

from tests.support.browser import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser

COOPERATIVE = "HTX CNC Minh Xuân"
PRODUCT = "Tinh dầu chanh Minh Xuân"
LOT = "MX-TD-2026-17"
PASSWORD = "chanh không hạt 17"


def _invite(page, base) -> tuple[str, str, str]:
    """The officer's side: (message copied, code shown, the invitation's status page)."""
    sign_in(page, base)
    page.wait_for_url(f"{base}/dashboard/")
    page.get_by_role("link", name="Hợp tác xã").first.click()
    page.get_by_role("link", name=re.compile("Công nghệ cao Minh Xuân")).first.click()
    page.get_by_role("link", name="Thành viên và lời mời").click()
    assert serious_violations(page) == []  # the members page
    page.get_by_role("link", name="Mời một người").click()
    page.get_by_label("Họ và tên").fill("Vũ Thị Chanh")
    page.get_by_label("Điện thoại").fill("0977 555 017")
    page.get_by_role("button", name="Tạo lời mời").click()
    code = page.locator("[data-code]").inner_text().strip()
    page.get_by_role("button", name="Chép tin nhắn").click()
    page.get_by_role("button", name="Đã chép").wait_for()
    message = page.evaluate("navigator.clipboard.readText()")
    assert page.locator(".slip svg.qr").count() == 1
    assert serious_violations(page) == []
    screenshot(page, "invitation-issued")
    page.emulate_media(media="print")  # the A6 slip alone: no menus, no message box
    assert page.locator(".slip").is_visible() and not page.locator(".site-header").is_visible()
    assert not page.locator("#invite-message").is_visible()
    page.emulate_media(media="screen")
    status = page.get_by_role("link", name="Tình trạng lời mời").get_attribute("href")
    return message, code, status


def test_an_officer_invites_a_member_who_signs_in_and_records_a_batch(live_server, browser):
    officer_context = browser.new_context(viewport={"width": 360, "height": 740})
    officer_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    officer = officer_context.new_page()
    errors = []
    officer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    message, code, status = _invite(officer, live_server)
    assert code in message and "Vũ Thị Chanh" in message
    link = re.search(r"https?://\S+/auth/i/\S+", message).group(0)
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360

    # The invited person: another phone, no cookies.
    person_context = browser.new_context(viewport={"width": 360, "height": 740})
    person = person_context.new_page()
    person.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in ("/auth/code", "/auth/forgot"):
        person.goto(f"{live_server}{path}")
        assert serious_violations(person) == [], path
    person.goto(link)
    assert "Chào mừng Vũ Thị Chanh" in person.locator("h1").inner_text()
    assert serious_violations(person) == []
    field = person.get_by_label("Mật khẩu mới")
    field.fill(PASSWORD)
    person.get_by_role("button", name="Hiện").first.click()
    assert field.get_attribute("type") == "text"  # shown while typing, as asked
    person.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    person.get_by_role("button", name="Lưu mật khẩu và đăng nhập").click()
    person.wait_for_url(re.compile(r"/cooperatives/\d+$"))
    assert COOPERATIVE.split()[-1] in person.locator("h1").inner_text()
    cooperative_page = person.url
    screenshot(person, "invitation-welcome-landed")

    person.get_by_role("link", name="Lô hàng").first.click()
    person.get_by_role("link", name="Ghi lô hàng mới").click()
    # The cooperative has one product: no "which product?" page (issue 18)
    assert PRODUCT in person.locator("main").inner_text()
    person.get_by_label("Mã lô hàng").fill(LOT)
    person.get_by_label("Số lượng").fill("12")
    person.get_by_label("Ngày thu hoạch hoặc sản xuất").fill("2026-11-28")
    person.get_by_role("button", name="Lưu").click()
    person.wait_for_selector("#events-title")
    assert LOT in person.locator("dl.facts").first.inner_text()

    # The officer sees the invitation accepted, and the new member among the accounts.
    officer.goto(f"{live_server}{status}")
    assert "Đã nhận lời mời" in officer.locator("main").inner_text()
    officer.goto(f"{live_server}/auth/invitations")
    assert "Vũ Thị Chanh" not in officer.locator("main").inner_text()
    # ... and the new member's batch, by name, in the cooperative's activity log.
    officer.goto(cooperative_page)
    history = " ".join(officer.locator("#activity").inner_text().split())
    assert f"Vũ Thị Chanh · Đã thêm lô {LOT}" in history
    officer_context.close()
    person_context.close()
    assert errors == []
