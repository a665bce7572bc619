"""Issue 18, words a member understands, in Chromium on a 360-px phone: the batch page folds
the partners' words away, the label pages say how to print and offer the alignment test page,
and a refused full label links to the missing field, which has the cursor when it opens.
axe-core finds no serious or critical violation on any of these pages."""

from tests.support.browser import screenshot, serious_violations, sign_in

DI_LINH_MEMBER = "thuy@xanhdilinh.example.vn"  # the demo coffee has no warnings text
LAM_BINH_MEMBER = "hoa@htxlambinh.example.vn"  # the demo label runs are Lâm Bình's
COFFEE_LOT = "DL-CF-2026-01"


def test_a_member_reads_the_batch_and_label_pages_in_plain_words(live_server, phone):
    sign_in(phone, live_server, login=DI_LINH_MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/trace/batches/")
    phone.get_by_role("link", name=COFFEE_LOT, exact=True).click()
    epcis = phone.get_by_role("link", name="Tải về cho hệ thống của đối tác", exact=False)
    assert not epcis.is_visible()  # folded away
    assert "EPCIS" not in phone.locator("main").inner_text()
    phone.get_by_text("Dành cho đối tác và cơ quan kiểm tra").click()
    assert epcis.is_visible() and "Chuỗi băm (SHA-256)" in phone.locator("main").inner_text()
    assert serious_violations(phone) == []
    screenshot(phone, "batch-partners-open-phone")

    phone.get_by_role("link", name="In tem QR").click()
    assert phone.get_by_role("link", name="Tờ A4, 40 tem 52,5 × 29,7 mm").is_visible()
    phone.locator("input[name=full_label]").check()
    phone.get_by_role("button", name="Tạo tem").click()
    fix = phone.get_by_role("link", name="Bổ sung cảnh báo")
    assert fix.is_visible()
    assert serious_violations(phone) == []
    screenshot(phone, "labels-full-refused-phone")
    fix.click()
    phone.wait_for_url("**/edit#warnings")
    assert phone.evaluate("document.activeElement.id") == "warnings"


def test_the_run_page_says_how_to_print(live_server, phone):
    sign_in(phone, live_server, login=LAM_BINH_MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/labels/")
    phone.locator("table a[href*='/labels/runs/']").first.click()
    text = phone.locator("main").inner_text()
    assert "Kích thước thực" in text and "Vừa trang" in text and "Giấy cần mua" in text
    assert serious_violations(phone) == []
    screenshot(phone, "labels-run-advice-phone")
