"""The check page for a marketplace that refuses contact details: the product whose own text
gives a phone number or a link is blocked, the message says which, and "Sửa" opens the field
that holds it; the same product is ready for Voso."""

import re
from urllib.parse import urlsplit

from app.extensions import db as _db
from tests.support.exports import ready_product


def _fix_links(html: str) -> set[tuple[str, str]]:
    """(path, fragment) of every link on the page, whatever way back it carries."""
    links = set()
    for href in re.findall(r'href="([^"]+)"', html):
        parts = urlsplit(href.replace("&amp;", "&"))
        links.add((parts.path, parts.fragment))
    return links


def test_contact_details_block_the_listing_and_sua_opens_the_field(as_member, member, db):
    coop = member.cooperative
    product = ready_product(
        coop,
        description="Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm. Đặt hàng gọi 0912 345 678 hoặc xem lacdo.vn.",
        usage_instructions="Rang, luộc. Hỏi thêm qua Zalo: htxlambinh",
    )
    coop.street = "Thôn Nà Va, ĐT 0209.3456.789"
    _db.session.commit()

    html = as_member.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}").get_data(
        as_text=True
    )
    for words in (
        "Giới thiệu có số điện thoại 0912 345 678: Shopee không cho ghi thông tin liên hệ",
        "Giới thiệu có đường link lacdo.vn",
        "Hướng dẫn sử dụng có Zalo htxlambinh",
        "có số điện thoại 0209.3456.789",
    ):
        assert words in html, words
    links = _fix_links(html)
    assert (f"/products/{product.id}/edit", "description") in links
    assert (f"/products/{product.id}/edit", "usage_instructions") in links
    assert (f"/cooperatives/{coop.id}/edit", "street") in links
    assert f'name="product" value="{product.id}" disabled' in html

    voso = as_member.get(f"/exports/check?marketplace=voso&cooperative={coop.id}")
    assert "thông tin liên hệ" not in voso.get_data(as_text=True)
    assert f'name="product" value="{product.id}" checked' in voso.get_data(as_text=True)
