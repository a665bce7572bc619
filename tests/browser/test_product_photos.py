"""Product photos on a 360-px phone: the grid fits, thumbnails load, upload and delete work."""

import io

from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from tests.support.browser import screenshot, sign_in, wait_until

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình


def _jpeg(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 700), colour).save(out, "JPEG")
    return out.getvalue()


def test_a_member_manages_photos_on_a_phone(live_server, phone, tmp_path):
    sign_in(phone, live_server, MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/products/")
    phone.get_by_role("link", name="Lạc đỏ Lâm Bình").first.click()
    photos = phone.locator("#photos")
    assert "2/9" in photos.get_by_role("heading", level=2).inner_text()
    thumbs = photos.locator(".photo img")
    assert thumbs.count() == 2
    thumbs.first.scroll_into_view_if_needed()
    wait_until(phone, "() => [...document.querySelectorAll('#photos img')]"
                            ".every(i => i.complete && i.naturalWidth > 0)")  # fmt: skip
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    violations = [
        v["id"]
        for v in Axe().run(phone, context="#photos").response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []

    phone.get_by_role("link", name="Quản lý ảnh").click()
    files = []
    for name, colour in [("moc.jpg", (200, 40, 40)), ("nuong.jpg", (40, 160, 60))]:
        path = tmp_path / name
        path.write_bytes(_jpeg(colour))
        files.append(str(path))
    phone.get_by_label("Thêm ảnh").set_input_files(files)
    phone.get_by_role("button", name="Tải lên").click()
    assert phone.locator(".flash").first.inner_text().startswith("Đã thêm 2 ảnh")
    assert "4/9" in phone.locator("#photos h2").inner_text()
    screenshot(phone, "product-photos-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    for number in (4, 3):  # put the demo back as it was
        item = phone.locator(".photo").nth(number - 1)
        item.locator("summary", has_text="Xoá").click()
        item.get_by_role("button", name=f"Đồng ý xoá ảnh {number}").click()
    assert "2/9" in phone.locator("#photos h2").inner_text()
