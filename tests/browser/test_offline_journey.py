"""Recording without a signal (issue 18, item 4): a member opens a batch with signal, loses it,
records a harvest with a photo and a packing event, reloads the app without signal (both wait
as "chờ gửi"), gets the signal back; the first sending is cut after the server handled it and
is retried, and both events arrive exactly once, the chain intact, on the buyer's trace page."""

import re

import pytest

from tests.support.browser import screenshot, serious_violations, sign_in, wait_until
from tests.support.product_images import photo

pytestmark = pytest.mark.browser

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình
HARVEST_NOTE = "Thu hoạch trên nương, không có sóng."
PACKING_NOTE = "Đóng gói tại nhà bà Hoa, không có sóng."
NETWORK_NOISE = ("Failed to load resource", "net::ERR_INTERNET_DISCONNECTED", "net::ERR_FAILED")


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(msg):
        if msg.type == "error" and not any(n in msg.text for n in NETWORK_NOISE):
            errors.append(msg.text)

    page.on("console", console)
    return context, page, errors


def _sign_in_vi(page, base) -> None:
    """The member, in Vietnamese whatever language another test left as hers, on /m/."""
    sign_in(page, base, MEMBER)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(f"{base}/auth/language/vi?next=/m/")
    page.wait_for_url(f"{base}/m/")


def _controlled(page) -> None:
    """Wait for the service worker; a page whose load raced its activation is loaded again
    (a page is controlled only when its load starts after the worker is active, or claimed)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_until(page, "navigator.serviceWorker.controller !== null")


def _kept(page, path: str) -> str:
    return f"caches.open('lensan-pages').then(c => c.match('{path}')).then(Boolean)"


def _record_offline(page, chooser_url: str, kind: str, note: str, photos=(), **fields) -> None:
    """Without signal: the kept pages of the batch, the kind first, then its form."""
    page.goto(chooser_url)
    page.get_by_role("link", name=kind, exact=True).click()
    assert page.get_by_label("Việc đã làm").evaluate("s => s.options[s.selectedIndex].text") == kind
    for name, value in fields.items():
        page.locator(f"#{name}").fill(value)
    page.locator("#notes").fill(note)
    if photos:
        page.set_input_files("#photos", files=list(photos))
    page.get_by_role("button", name="Lưu sự kiện").click()
    page.wait_for_url(re.compile(r".*/m/$"))


def _waiting(page) -> list[str]:
    page.wait_for_selector("[data-offline-pending]:not([hidden])")
    return page.locator("[data-waiting] > li").all_inner_texts()


def test_events_recorded_without_signal_arrive_once_when_it_returns(live_server, browser):
    context, page, errors = _phone(browser)
    _sign_in_vi(page, live_server)
    _controlled(page)
    assert serious_violations(page) == []
    open_batch = page.locator("section[aria-labelledby='batches-heading'] li", has_text="Đang mở")
    link = open_batch.first.locator("a").first
    batch_path = link.get_attribute("href")
    batch_url = f"{live_server}{batch_path}"
    form_path = f"{batch_path}/events/new"

    page.goto(batch_url)  # with signal: the service worker keeps it and its event form
    public_code = page.locator("code.public-code").inner_text().strip()
    before = int(re.search(r"đã kiểm tra (\d+) sự kiện", page.inner_text("#events"))[1])
    wait_until(page, _kept(page, form_path))
    wait_until(page, _kept(page, f"{form_path}?form"))

    context.set_offline(True)
    page.goto(f"{live_server}/labels/")  # a page never opened: the phone says so
    assert page.get_by_role("heading", level=1).inner_text() == "Không có sóng"
    assert serious_violations(page) == []
    chooser = f"{live_server}{form_path}"
    picture = {"name": "nuong.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    harvest = {"harvest_quantity": "85,5", "harvest_unit": "kg"}
    _record_offline(page, chooser, "Thu hoạch", HARVEST_NOTE, photos=[picture], **harvest)
    assert "Đã lưu trên máy này" in page.inner_text("[data-offline-status]")
    _record_offline(page, chooser, "Đóng gói", PACKING_NOTE)

    page.reload()  # the app, opened again without signal, still holds both
    waiting = _waiting(page)
    assert len(waiting) == 2 and all("chờ gửi" in item for item in waiting), waiting
    assert "Thu hoạch" in waiting[0] and "Đóng gói" in waiting[1] and "Ảnh: 1" in waiting[0]
    screenshot(page, "offline-waiting")
    assert serious_violations(page) == []

    # The signal returns; the first answer is lost after the server recorded the event.
    handled: list[int] = []

    def cut_first(route):
        if handled:
            route.continue_()
            return
        handled.append(route.fetch().status)
        route.abort()

    context.route("**/m/api/batches/*/events", cut_first)
    context.set_offline(False)
    status = "document.querySelector('[data-offline-status]').textContent"
    wait_until(page, f"{status}.includes('Chưa gửi được')")  # sent on "online", answer lost
    assert handled == [201]
    assert len(_waiting(page)) == 2  # nothing confirmed: both still wait
    page.get_by_role("button", name="Gửi ngay").click()
    wait_until(page, "document.querySelectorAll('[data-waiting] > li').length === 0")
    sent = page.locator("[data-answered] > li").all_inner_texts()
    assert len(sent) == 2, sent
    assert any("Đã nhận từ trước" in item for item in sent), sent  # the retried one
    assert not any("thu hồi" in item for item in sent), sent  # an open batch
    assert not page.get_by_role("button", name="Gửi ngay").is_visible()
    screenshot(page, "offline-sent")
    assert serious_violations(page) == []

    page.goto(batch_url)
    history = page.inner_text("#events")
    assert f"Lịch sử nguyên vẹn: đã kiểm tra {before + 2} sự kiện." in history
    assert history.count(HARVEST_NOTE) == 1 and history.count(PACKING_NOTE) == 1
    assert history.count("Lưu trên điện thoại khi mất sóng lúc") == 2  # field time kept apart
    assert serious_violations(page) == []
    harvest_row = page.locator("#events li", has_text=HARVEST_NOTE).last
    assert harvest_row.locator(".event-photos img").count() == 1  # the photo came along
    context.close()
    assert errors == []

    buyer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    buyer.goto(f"{live_server}/t/{public_code}")
    journey = buyer.locator("main").inner_text()
    assert journey.count(HARVEST_NOTE) == 1 and journey.count(PACKING_NOTE) == 1
    assert "85,5 kg" in journey
    buyer.context.close()


def test_a_batch_recorded_without_signal_is_made_once_when_it_returns(live_server, browser):
    context, page, errors = _phone(browser)
    _sign_in_vi(page, live_server)
    _controlled(page)
    form_url = page.locator("a[data-keep-page]").first.get_attribute("href")
    wait_until(page, _kept(page, form_url))  # the shell asked the worker to keep it

    context.set_offline(True)
    page.goto(f"{live_server}{form_url}")
    page.get_by_label("Mã lô hàng").fill("LB-OFF-2026-12")
    page.get_by_label("Số lượng").fill("40")
    page.get_by_label("Ngày thu hoạch hoặc sản xuất").fill("01/12/2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r".*/m/$"))
    waiting = _waiting(page)
    assert len(waiting) == 1 and "Thêm lô hàng · LB-OFF-2026-12" in waiting[0], waiting

    context.set_offline(False)  # sent on "online", once
    wait_until(page, "document.querySelectorAll('[data-answered] > li').length === 1")
    assert "Đã gửi: lô LB-OFF-2026-12." in page.inner_text("[data-answered]")
    page.goto(f"{live_server}/trace/batches/?q=LB-OFF-2026-12")
    assert page.locator("table.batch-list tbody tr").count() == 1

    # Signing out forgets the pages kept for this account (what waits would stay).
    assert page.evaluate("caches.has('lensan-pages')")
    page.get_by_role("button", name="Đăng xuất").click()
    wait_until(page, "caches.has('lensan-pages').then(kept => !kept)")
    context.close()
    assert errors == []


def _batch_offline(page, form_url: str, code: str) -> None:
    page.goto(form_url)
    page.get_by_label("Mã lô hàng").fill(code)
    page.get_by_label("Số lượng").fill("40")
    page.get_by_label("Ngày thu hoạch hoặc sản xuất").fill("01/12/2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r".*/m/$"))


def test_a_refused_record_is_corrected_and_sent_again(live_server, browser):
    """A batch whose code was taken meanwhile is refused at its row; "Sửa và gửi lại" opens
    its form filled back in, and the corrected batch is sent under the same client id."""
    context, page, errors = _phone(browser)
    _sign_in_vi(page, live_server)
    _controlled(page)
    form_url = page.locator("a[data-keep-page]").first.get_attribute("href")
    wait_until(page, _kept(page, form_url))
    context.set_offline(True)
    _batch_offline(page, f"{live_server}{form_url}", "LB-LAC-2026-07")  # the demo has it

    context.set_offline(False)
    row = page.locator("[data-waiting] > li")
    wait_until(page, "document.querySelector('[data-waiting] .field-error') !== null")
    assert "không được nhận" in row.inner_text() and "đã dùng mã" in row.inner_text()
    assert serious_violations(page) == []
    row.get_by_role("button", name="Sửa và gửi lại").click()
    page.wait_for_url(re.compile(r".*/trace/batches/new\?product=\d+$"))
    wait_until(page, "document.querySelector('[name=code]').value === 'LB-LAC-2026-07'")
    assert page.get_by_label("Số lượng").input_value() == "40"
    page.get_by_label("Mã lô hàng").fill("LB-OFF-2026-13")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r".*/m/$"))
    wait_until(page, "document.querySelectorAll('[data-answered] > li').length === 1")
    assert "Đã gửi: lô LB-OFF-2026-13." in page.inner_text("[data-answered]")
    assert page.locator("[data-waiting] > li").count() == 0
    context.close()
    assert errors == []
