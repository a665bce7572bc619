"""A photo chosen on a phone is not lost when the form has an error elsewhere (issue 18).

On a 360 × 740 phone a member records an event with a 4000 × 3000 camera photo (taken
sideways: its Orientation tag turns it) and a date left empty. The form comes back with the
photo shown as chosen; the member types the date and saves; one photo is stored, upright. With
JavaScript the browser sent it at 2,000 px on its longest side, with a progress bar; without
JavaScript the server took the full photo and kept it all the same.
"""

import io
import re

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from tests.support.browser import screenshot, sign_in
from tests.support.images import jpeg_with_exif

pytestmark = pytest.mark.browser

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình
PHOTO = "vuon-lac-4000.jpg"


def _record_with_a_mistake(page, base, photo_path, progress=None) -> set[str]:
    """Open the first batch, note its event photos, send the event without a date."""
    sign_in(page, base, MEMBER)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(f"{base}/trace/batches/")
    hrefs = [a.get_attribute("href") for a in page.locator("main a").all()]
    batch = next(h for h in hrefs if re.fullmatch(r"/trace/batches/\d+", h or ""))
    page.goto(f"{base}{batch}")
    before = _event_photos(page)
    page.goto(f"{base}{batch}/events/new")
    page.get_by_role("link", name="Gieo trồng", exact=True).click()  # the kind first
    page.get_by_label("Ngày", exact=True).fill("")
    page.get_by_label("Ảnh ghi lại công việc").set_input_files(str(photo_path))
    page.get_by_role("button", name="Lưu sự kiện").click()
    if progress is not None:  # the bar shows while the photo is scaled and sent
        status = page.locator(".upload-progress[role=status]")
        status.wait_for(state="visible")
        progress.append(status.inner_text())
    page.wait_for_selector(".kept-file")
    return before


def _event_photos(page) -> set[str]:
    return {img.get_attribute("src") for img in page.locator("#events .event-photos img").all()}


def _saved_photo(page, base, before: set[str]) -> Image.Image:
    """The stored original of the one photo the new event added (its thumbnail's source)."""
    [thumb] = _event_photos(page) - before
    original = re.sub(r"-thumb\d*\.webp$", ".jpg", thumb)
    response = requests.get(base + original, timeout=30)
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content))


def _fix_and_save(page, audit=True) -> None:
    """See the photo kept and the date's error, type the date and save."""
    kept = page.locator(".kept-file")
    assert kept.count() == 1 and f"Đã chọn: {PHOTO}" in kept.inner_text()
    assert page.locator("#occurred_on-error").is_visible()
    if audit:  # axe and page.evaluate run scripts in the page: not without JavaScript
        _audit(page)
    page.get_by_label("Ngày", exact=True).fill("01/08/2026")
    page.get_by_role("button", name="Lưu sự kiện").click()
    page.wait_for_selector("#events-title")
    assert page.locator(".flash").first.inner_text().startswith("Đã ghi sự kiện")


def _audit(page) -> None:
    violations = [
        v["id"]
        for v in Axe().run(page, context="main form").response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def camera_photo(tmp_path):
    path = tmp_path / PHOTO
    path.write_bytes(jpeg_with_exif(6, (4000, 3000)))  # upright it is 3000 × 4000
    return path


def test_with_javascript_the_photo_goes_up_small_and_is_kept(live_server, phone, camera_photo):
    network = phone.context.new_cdp_session(phone)  # rural 3G: 300 ms, 700 kbit/s up and down
    network.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 300,
            "downloadThroughput": 87_500,
            "uploadThroughput": 87_500,
        },
    )
    progress: list[str] = []
    before = _record_with_a_mistake(phone, live_server, camera_photo, progress)
    assert progress and progress[0].startswith("Đang")  # "Đang thu nhỏ ảnh…" or "Đang gửi… n%"
    screenshot(phone, "kept-photo-js")
    _fix_and_save(phone)
    assert _saved_photo(phone, live_server, before).size == (1500, 2000)  # upright, 2000 long


def test_without_javascript_the_full_photo_is_kept(live_server, browser, camera_photo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        before = _record_with_a_mistake(page, live_server, camera_photo)
        screenshot(page, "kept-photo-no-js")
        _fix_and_save(page, audit=False)
        assert _saved_photo(page, live_server, before).size == (3000, 4000)  # the server turned it
    finally:
        context.close()
