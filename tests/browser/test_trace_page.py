"""A buyer scans a demo batch on a 360-px phone: the trace page fits, passes axe-core, stays
under 100 KB for the first view; a member recalls the batch and the page turns red at once."""

import re

from tests.support.browser import screenshot, serious_violations, sign_in

CODE = "TQPNT2607B"  # demo: the second July peanut batch (the oil batch is made from it)
LOT = "LB-LAC-2026-07-2"
MEMBER = "hoa@htxlambinh.example.vn"
REASON = "Nhãn in sai hạn sử dụng trên 120 túi."


def _transfer(page, url: str) -> int:
    """Bytes of every response the first view needs (bodies plus headers)."""
    sizes = []

    def count(response):
        headers = sum(len(k) + len(v) + 4 for k, v in response.all_headers().items())
        sizes.append(len(response.body()) + headers)

    page.on("response", count)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", count)
    return sum(sizes)


def _red(colour: str) -> bool:
    r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])
    return r > 150 and g < 80 and b < 80


def test_a_buyer_reads_the_trace_page_then_a_recall_turns_it_red(live_server, phone, browser):
    url = f"{live_server}/t/{CODE}"
    total = _transfer(phone, url)
    assert total <= 100 * 1024, total
    assert phone.get_by_role("heading", level=1).is_visible()
    assert LOT in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.locator(".recall-banner").count() == 0
    assert serious_violations(phone) == []
    screenshot(phone, "trace-page-phone")

    # A member of the cooperative recalls the batch on the staff page, in another browser.
    staff = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(staff, live_server, login=MEMBER)
    staff.wait_for_url(re.compile(r".*/dashboard/"))
    staff.goto(f"{live_server}/trace/batches/")
    staff.get_by_role("link", name=LOT, exact=True).click()
    staff.goto(staff.url.rstrip("/") + "/recall")
    staff.locator("textarea[name=reason]").fill(REASON)
    staff.locator("textarea[name=advice]").fill("Ngừng bán, đổi túi mới tại HTX.")
    staff.locator("form [type=submit]").last.click()
    staff.wait_for_load_state("load")
    staff.context.close()

    phone.reload()
    banner = phone.locator(".recall-banner")
    assert banner.is_visible()
    assert REASON in banner.inner_text()
    assert banner.get_attribute("role") == "alert"
    first = phone.evaluate("document.body.firstElementChild.className")
    assert first == "recall-banner"
    assert _red(banner.evaluate("el => getComputedStyle(el).backgroundColor"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(phone) == []
    screenshot(phone, "trace-page-phone-recalled")
